package io.statuslog.app.cli;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.generations.Generations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "generations", mixinStandardHelpOptions = true, description = "List read model generations with state, version, lag and row counts.")
public final class GenerationsCommand extends Operator implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    var configuration = configuration();
    Generations generations = generations(configuration);
    generations.control().migrate();
    List<Generation> all = generations.control().all();
    if (all.isEmpty()) {
      out().println("no generations yet: the projector creates generation 1 on its first start");
      return 0;
    }
    var dataSource = io.statuslog.projector.db.Databases.unpooled(configuration.database());
    String row = "%-4s %-8s %-12s %-8s %-10s %-8s %s%n";
    // Every row is read before the first is printed: with Kafka gone, the one line saying so, not half a table.
    List<String> rows = new ArrayList<>();
    for (Generation generation : all) {
      boolean present = generation.state() != Generation.State.FAILED;
      rows.add(String.format(row,
          generation.id(),
          generation.schemaName(),
          generation.state().dbName(),
          present ? String.valueOf(new ReadModelSchema(generation.schemaName()).recordedVersion(dataSource)) : "-",
          present ? String.valueOf(generations.totalLag(generation)) : "-",
          generation.codeVersion(),
          present ? generations.rowCounts(generation) : "-"));
    }
    out().printf(row, "ID", "SCHEMA", "STATE", "VERSION", "LAG", "CODE", "ROWS");
    out().print(String.join("", rows));
    return 0;
  }
}
