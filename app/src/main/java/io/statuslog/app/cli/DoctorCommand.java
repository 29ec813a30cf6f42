package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Doctor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check topics, generations, catalogs against their recorded migration versions, failed migrations and lag.",
      "Exits 0 only when all is well."
    })
public final class DoctorCommand extends Operator implements Callable<Integer> {
  @Override
  public Integer call() {
    ProjectorConfiguration configuration = configuration();
    Doctor.Report report =
        new Doctor(configuration.kafka(), Databases.unpooled(configuration.database()), ExpectedCatalogs.bundled()).examine();
    report.findings().forEach(out()::println);
    long failures = report.findings().stream().filter(f -> f.level() == Doctor.Level.FAIL).count();
    if (report.healthy()) {
      out().println("doctor: all is well");
      return 0;
    }
    spec.commandLine().getErr().println("statuslog doctor: " + failures + " problem(s) found; see the FAIL lines above");
    return 3;
  }
}
