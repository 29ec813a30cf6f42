package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.web.WebConfiguration;
import org.junit.jupiter.api.Test;

/**
 * doctor tells the operator what a web tier of its own version serves when the live generation
 * is too new for it; that is only true while both know the same newest read model version.
 */
class ReadModelVersionTest {
  @Test
  void doctorAndTheWebTierOfOneBinaryKnowTheSameNewestVersion() {
    assertThat(WebConfiguration.ReadModel.KNOWN_VERSION)
        .as("WebConfiguration.ReadModel.KNOWN_VERSION must follow the newest migration the projector ships")
        .isEqualTo(ExpectedCatalogs.bundled().newestVersion());
  }
}
