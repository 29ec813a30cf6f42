package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Diagnosis.Finding;
import io.statuslog.projector.core.Diagnosis.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTest {
  private static final Finding OK = new Finding(Level.OK, "topic statuslog.check-results", "keeps every record");
  private static final Finding WARN = new Finding(Level.WARN, "generation 1 (rm_1, live)", "records version 4, newer than this binary knows");
  private static final Finding FAIL = new Finding(Level.FAIL, "kafka", "cannot reach localhost:9092 within 5 s");

  @Test
  void everyLineOkExitsZeroAndSaysAllIsWell() {
    Diagnosis diagnosis = new Diagnosis(List.of(OK, OK));

    assertThat(diagnosis.exitCode()).isZero();
    assertThat(diagnosis.summary()).isEqualTo("doctor: all is well");
  }

  @Test
  void oneWarningExitsOneAndNeverSaysAllIsWell() {
    Diagnosis diagnosis = new Diagnosis(List.of(OK, WARN, OK));

    assertThat(diagnosis.exitCode()).isEqualTo(1);
    assertThat(diagnosis.summary()).isEqualTo("doctor: 1 warning(s), 0 failure(s)");
  }

  @Test
  void anyFailureExitsThreeWhateverElseWasFound() {
    Diagnosis diagnosis = new Diagnosis(List.of(FAIL, WARN, OK, WARN));

    assertThat(diagnosis.exitCode()).isEqualTo(3);
    assertThat(diagnosis.summary()).isEqualTo("doctor: 2 warning(s), 1 failure(s)");
  }

  @Test
  void aFindingIsOneLineLevelFirst() {
    assertThat(FAIL).hasToString("FAIL  kafka: cannot reach localhost:9092 within 5 s");
  }
}
