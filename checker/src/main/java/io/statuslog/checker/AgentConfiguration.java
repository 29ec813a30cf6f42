package io.statuslog.checker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.statuslog.schemas.secret.SecretToken;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an agent reads from its configuration file: the {@code agent} block, and nothing else.
 * An agent is a checker that runs outside the cluster, in another region: it needs no Kafka and
 * no PostgreSQL, only where ingest is and its token (from `statuslog agents add`), which also
 * says its region. Other roles' blocks are ignored, so one file may serve both.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentConfiguration(@JsonProperty(value = "agent", required = true) Agent agent) {

  /** The {@code agent:} block. */
  public record Agent(URI ingestUrl, SecretToken token, Path spoolDir, long spoolMaxBytes, String id, Optional<Path> ingestCaFile) {
    public Agent {
      if (ingestUrl == null || ingestUrl.getHost() == null || !("http".equals(ingestUrl.getScheme()) || "https".equals(ingestUrl.getScheme()))) {
        throw new IllegalArgumentException("agent.ingestUrl must be ingest's http:// or https:// address, such as https://ingest.example.com, got " + ingestUrl);
      }
      if (token == null || token.reveal().isBlank()) {
        throw new IllegalArgumentException("agent.token must not be empty: give it the token statuslog agents add printed");
      }
      if (!token.reveal().matches("[\\x21-\\x7e]+")) {
        // Said without the token: it is a secret, and this line may end up in a log.
        throw new IllegalArgumentException("agent.token must be printable ASCII without spaces, as statuslog agents add prints it");
      }
      spoolDir = spoolDir == null ? Path.of("spool") : spoolDir;
      if (spoolMaxBytes <= 0) {
        throw new IllegalArgumentException("agent.spoolMaxBytes must be positive, got " + spoolMaxBytes);
      }
      id = id == null || id.isBlank() ? null : id;
      ingestCaFile = ingestCaFile == null ? Optional.empty() : ingestCaFile;
      if (ingestCaFile.isPresent() && !"https".equals(ingestUrl.getScheme())) {
        throw new IllegalArgumentException("agent.ingestCaFile is set but agent.ingestUrl " + ingestUrl + " is not https://; a CA certificate only verifies ingest over TLS");
      }
      if (id != null && !id.matches(CheckerConfiguration.AGENT_ID)) {
        throw new IllegalArgumentException("agent.id must be 1-100 characters of letters, digits, '.', '_' or '-', got " + id);
      }
    }

    @JsonCreator
    public Agent(
        @JsonProperty(value = "ingestUrl", required = true) URI ingestUrl,
        @JsonProperty(value = "token", required = true) String token,
        @JsonProperty("spoolDir") Path spoolDir,
        @JsonProperty("spoolMaxBytes") Long spoolMaxBytes,
        @JsonProperty("id") String id,
        @JsonProperty("ingestCaFile") Path ingestCaFile) {
      this(ingestUrl, token == null ? null : SecretToken.of(token.strip()), spoolDir, spoolMaxBytes == null ? 1024L * 1024 * 1024 : spoolMaxBytes, id,
          Optional.ofNullable(ingestCaFile));
    }

    /** The configured id or, as a checker's, the host name and the start of the spool's id. */
    public String idOr(String spoolId) {
      return CheckerConfiguration.agentIdOf(id, spoolId);
    }
  }
}
