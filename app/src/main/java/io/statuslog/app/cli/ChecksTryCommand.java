package io.statuslog.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Verdict;
import io.statuslog.checker.core.condition.ConditionResult;
import io.statuslog.checker.probe.NetworkProber;
import io.statuslog.schemas.events.Outcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "try",
    mixinStandardHelpOptions = true,
    description = {
      "Probe each check of FILE once, now, from this machine, and print its outcome, its timings, and every condition with the values it resolved to.",
      "Nothing is written anywhere: this is how to debug a check before applying it.",
      "Push checks are listed, not probed: the job each one watches calls in by itself."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every probed check is UP", "1:a check is DOWN or DEGRADED", "2:the file is bad"})
public final class ChecksTryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", paramLabel = "FILE", description = "The checks file.")
  Path file;

  @Option(names = "--id", description = "Only the check with this id.")
  String id;

  @Option(names = "--json", description = "Print the outcomes as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  /** One check tried: its verdict and every condition, passing or not. */
  record Tried(CheckSpec check, ProbeOutcome probe, Verdict verdict, List<ConditionResult> up, List<ConditionResult> degraded) {}

  @Override
  public Integer call() throws Exception {
    List<CheckSpec> checks;
    try {
      checks = ChecksFile.read(file);
    } catch (IllegalArgumentException bad) {
      bad.getMessage().lines().forEach(spec.commandLine().getErr()::println);
      return 2;
    }
    if (id != null) {
      checks = checks.stream().filter(check -> check.id().equals(id)).toList();
      if (checks.isEmpty()) {
        spec.commandLine().getErr().println("statuslog checks try: no check with id \"" + id + "\" in " + file);
        return 2;
      }
    }
    Map<Boolean, List<CheckSpec>> byPush = checks.stream().collect(Collectors.partitioningBy(check -> check.target() instanceof Target.Push));
    List<CheckSpec> pushed = byPush.get(true);
    List<Tried> tried = tryAll(byPush.get(false), new NetworkProber(java.time.Clock.systemUTC()));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(tried.stream().map(ChecksTryCommand::asJson).toList()));
    } else {
      tried.forEach(one -> print(one, out));
      pushed.forEach(check -> out.printf("%s (push): not probed: the job it watches calls its push URL by itself%n", check.id()));
    }
    return tried.stream().allMatch(one -> one.verdict().outcome() == Outcome.UP) ? 0 : 1;
  }

  /** Every check at once, as a checker would: a slow target does not hold up the others. */
  private static List<Tried> tryAll(List<CheckSpec> checks, Prober prober) throws Exception {
    try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Tried>> running = new ArrayList<>();
      for (CheckSpec check : checks) {
        running.add(probes.submit(() -> {
          Verdict.Rules rules = Verdict.Rules.of(check);
          ProbeOutcome probe = prober.probe(check.target(), check.timeout());
          return new Tried(check, probe, Verdict.of(rules, probe), rules.up().evaluate(probe.facts()), rules.degraded().evaluate(probe.facts()));
        }));
      }
      List<Tried> tried = new ArrayList<>();
      for (Future<Tried> one : running) {
        tried.add(one.get());
      }
      return tried;
    }
  }

  private static void print(Tried tried, PrintWriter out) {
    CheckSpec check = tried.check();
    out.printf("%s (%s %s): %s in %d ms%s%n", check.id(), check.type().name().toLowerCase(Locale.ROOT), check.target().url(),
        tried.verdict().outcome(), tried.probe().facts().responseTime().toMillis(), timings(tried.probe().timings()));
    tried.probe().failure().ifPresent(failure -> out.printf("  %s: %s%n", failure.kind(), failure.message()));
    tried.up().forEach(result -> out.printf("  %-5s %s%n", result.success() ? "ok" : "FAIL", result.resolved()));
    tried.degraded().forEach(result -> out.printf("  %-5s %s  (degraded)%n", result.success() ? "ok" : "FAIL", result.resolved()));
  }

  private static String timings(ProbeOutcome.Timings timings) {
    List<String> phases = new ArrayList<>();
    timings.dns().ifPresent(d -> phases.add("dns " + d.toMillis() + " ms"));
    timings.connect().ifPresent(d -> phases.add("connect " + d.toMillis() + " ms"));
    timings.tls().ifPresent(d -> phases.add("tls " + d.toMillis() + " ms"));
    timings.firstByte().ifPresent(d -> phases.add("first byte " + d.toMillis() + " ms"));
    return phases.isEmpty() ? "" : " (" + String.join(", ", phases) + ")";
  }

  private static Map<String, Object> asJson(Tried tried) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", tried.check().id());
    json.put("type", tried.check().type().name().toLowerCase(Locale.ROOT));
    json.put("target", tried.check().target().url().toString());
    json.put("outcome", tried.verdict().outcome().name());
    json.put("durationMs", tried.probe().facts().responseTime().toMillis());
    ProbeOutcome.Timings timings = tried.probe().timings();
    Map<String, Long> phases = new LinkedHashMap<>();
    timings.dns().ifPresent(d -> phases.put("dnsMs", d.toMillis()));
    timings.connect().ifPresent(d -> phases.put("connectMs", d.toMillis()));
    timings.tls().ifPresent(d -> phases.put("tlsMs", d.toMillis()));
    timings.firstByte().ifPresent(d -> phases.put("firstByteMs", d.toMillis()));
    json.put("timings", phases);
    tried.probe().failure().ifPresent(failure -> json.put("error", Map.of("kind", failure.kind().name(), "message", failure.message())));
    List<Map<String, Object>> conditions = new ArrayList<>();
    tried.up().forEach(result -> conditions.add(condition(result, false)));
    tried.degraded().forEach(result -> conditions.add(condition(result, true)));
    json.put("conditions", conditions);
    return json;
  }

  private static Map<String, Object> condition(ConditionResult result, boolean degraded) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("condition", result.condition());
    json.put("resolved", result.resolved());
    json.put("success", result.success());
    json.put("degraded", degraded);
    return json;
  }
}
