package io.statuslog.checker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.nio.file.Path;

/**
 * What the checker reads from the shared configuration file: the {@code kafka} block and its
 * own {@code checker} block (optional: every field has a default). Other roles' blocks are
 * ignored. The checks themselves come from the log (`statuslog checks apply`), not from here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckerConfiguration(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty("checker") Checker checker) {
  /** What an agent id may be: it names the checker in results and logs. */
  static final String AGENT_ID = "[A-Za-z0-9._-]{1,100}";

  public CheckerConfiguration {
    checker = checker == null ? new Checker(null, null, null, null) : checker;
  }

  /** The {@code checker:} block. */
  public record Checker(
      @JsonProperty("region") String region,
      @JsonProperty("agent") String agent,
      @JsonProperty("spoolDir") Path spoolDir,
      @JsonProperty("spoolMaxBytes") Long spoolMaxBytes) {
    public Checker {
      region = region == null || region.isBlank() ? "default" : region;
      agent = agent == null || agent.isBlank() ? null : agent;
      spoolDir = spoolDir == null ? Path.of("spool") : spoolDir;
      spoolMaxBytes = spoolMaxBytes == null ? 1024L * 1024 * 1024 : spoolMaxBytes;
      if (agent != null && !agent.matches(AGENT_ID)) {
        throw new IllegalArgumentException("checker.agent must be 1-100 characters of letters, digits, '.', '_' or '-', got " + agent);
      }
    }

    public Checker(String region, String agent, Path spoolDir) {
      this(region, agent, spoolDir, null);
    }

    /** The configured agent id or, when none is, one unique to this installation ({@link #agentIdOf}). */
    public String agentOr(String spoolId) {
      return agentIdOf(agent, spoolId);
    }
  }

  /**
   * {@code configured} or, when none is, an id unique to this installation: the host name and the
   * start of the spool's id. Two checkers on one host (or two containers of one image) thus never
   * share an id by default, and a restart keeps its id as long as its spool.
   */
  public static String agentIdOf(String configured, String spoolId) {
    if (configured != null) {
      return configured;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
    } catch (java.net.UnknownHostException e) {
      host = "checker";
    }
    return host.substring(0, Math.min(host.length(), 80)) + "-" + spoolId.substring(0, 8);
  }
}
