package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Diagnosis.Finding;
import io.statuslog.projector.core.Diagnosis.Level;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.generations.Doctor;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check topics, generations, catalogs against their recorded migration versions, failed migrations and lag.",
      "Prints one line per finding (OK, WARN or FAIL), then a summary line."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every line is OK",
      "1:at least one WARN and no FAIL: nothing threatens the page or the data, but look",
      "2:the command line is wrong",
      "3:at least one FAIL: the page or the data is at risk, or Kafka or PostgreSQL cannot be reached"
    })
public final class DoctorCommand extends Operator implements Callable<Integer> {
  @Override
  public Integer call() {
    Diagnosis diagnosis = diagnose();
    diagnosis.findings().forEach(out()::println);
    out().println(diagnosis.summary());
    return diagnosis.exitCode();
  }

  /** A configuration that cannot be loaded is a finding too: it must exit 3, not the 1 of a warning. */
  private Diagnosis diagnose() {
    ProjectorConfiguration configuration;
    try {
      configuration = configuration();
    } catch (RuntimeException e) {
      return new Diagnosis(List.of(new Finding(Level.FAIL, "configuration", e.getMessage())));
    }
    var database = configuration.database();
    return new Doctor(configuration.kafka(), database.getUrl(), database.getUser(), database.getPassword(), ExpectedCatalogs.bundled()).examine();
  }
}
