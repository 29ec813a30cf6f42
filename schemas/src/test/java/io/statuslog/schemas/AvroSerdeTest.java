package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final Serializer<CheckResult> serializer = new Topics("t").checkResults().valueSerde().serializer();
  private final Deserializer<CheckResult> deserializer = new Topics("t").checkResults().valueSerde().deserializer();

  @Test
  void roundTripsTheNewestVersion() {
    CheckResult result =
        CheckResult.newBuilder()
            .setResultId("r-1")
            .setCheckId("api")
            .setStartedAt(Instant.ofEpochMilli(1_700_000_000_000L))
            .setDurationMs(42)
            .setOutcome(Outcome.UP)
            .setHttpStatus(200)
            .build();

    byte[] bytes = serializer.serialize("t.check-results", result);

    assertThat(deserializer.deserialize("t.check-results", bytes)).isEqualTo(result);
  }

  @Test
  void readsARecordWrittenWithVersionOne() throws IOException {
    // Bytes written by the v1 schema (fixtures/check-result-v1.bin): no resultId, region,
    // errorKind or tlsExpiresAt; the reader fills in the defaults.
    byte[] v1Bytes = fixture("check-result-v1.bin");

    CheckResult result = deserializer.deserialize("t.check-results", v1Bytes);

    assertThat(result.getCheckId()).isEqualTo("legacy");
    assertThat(result.getOutcome()).isEqualTo(Outcome.DOWN);
    assertThat(result.getHttpStatus()).isEqualTo(503);
    assertThat(result.getRegion()).isEqualTo("default");
    assertThat(result.getResultId()).isEmpty();
    assertThat(result.getErrorKind()).isNull();
  }

  @Test
  void bytesThatAreNotAnEventAreASerializationError() {
    assertThatThrownBy(() -> deserializer.deserialize("t.check-results", "hello".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a valid event");
  }

  @Test
  void aTombstoneStaysNull() {
    assertThat(deserializer.deserialize("t.check-results", null)).isNull();
    assertThat(serializer.serialize("t.check-results", null)).isNull();
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
