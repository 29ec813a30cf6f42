package io.statuslog.ingest.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.http.Problem;
import io.statuslog.http.ProblemException;
import io.statuslog.ingest.api.AgentChecks;
import io.statuslog.ingest.core.Agent;
import io.statuslog.ingest.core.Definitions;
import io.statuslog.ingest.kafka.LogView;
import io.statuslog.schemas.json.PlainJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /v1/agent/checks}: the check definitions the token's region probes, so an agent
 * follows `checks apply` without a restart. The ETag is a hash of the body; an agent sends it
 * back in If-None-Match and gets 304 while nothing changed. With {@code ?wait=30s} (at most 60s)
 * and a matching If-None-Match, the answer waits until the region's checks change, or the wait
 * ends (304): a long poll that holds no server thread.
 */
@Path("/v1/agent/checks")
public final class AgentChecksResource {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final CacheControl REVALIDATE = CacheControl.valueOf("private, no-cache");

  private record Listing(long version, String region, byte[] body, EntityTag etag) {}

  private final AgentAuth auth;
  private final LogView view;
  private final ObjectMapper json;
  private final java.util.Map<String, Listing> lastByRegion = new java.util.concurrent.ConcurrentHashMap<>();

  public AgentChecksResource(LogView view, Duration timeout, ObjectMapper json) {
    this.auth = new AgentAuth(view, timeout);
    this.view = view;
    this.json = json;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  public CompletionStage<Response> checks(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @QueryParam("wait") String wait) {
    Duration waitFor = waitOf(wait);
    Agent agent = auth.require(authorization);
    return answer(agent.region(), ifNoneMatch, System.nanoTime() + waitFor.toNanos(), !waitFor.isZero());
  }

  private CompletableFuture<Response> answer(String region, String ifNoneMatch, long deadlineNanos, boolean mayWait) {
    Listing listing = listing(view.definitions(), region);
    if (!matches(ifNoneMatch, listing.etag())) {
      return CompletableFuture.completedFuture(Response.ok(listing.body(), MediaType.APPLICATION_JSON_TYPE)
          .tag(listing.etag()).cacheControl(REVALIDATE).build());
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (!mayWait || remaining <= 0) {
      return CompletableFuture.completedFuture(Response.notModified(listing.etag()).cacheControl(REVALIDATE).build());
    }
    // Any change of the definitions wakes it; one that leaves this region's checks as they were waits on.
    return view.definitionsNewerThan(listing.version(), Duration.ofNanos(remaining))
        .thenCompose(changed -> answer(region, ifNoneMatch, deadlineNanos, changed.version() != listing.version()));
  }

  private Listing listing(Definitions definitions, String region) {
    Listing cached = lastByRegion.get(region);
    if (cached != null && cached.version() == definitions.version()) {
      return cached;
    }
    AgentChecks checks = new AgentChecks(region, definitions.probedFrom(region).stream().map(PlainJson::toJson).toList());
    try {
      byte[] body = json.writeValueAsBytes(checks);
      Listing listing = new Listing(definitions.version(), region, body, new EntityTag(sha256(body)));
      lastByRegion.put(region, listing);
      return listing;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean matches(String ifNoneMatch, EntityTag etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals("\"" + etag.getValue() + "\""));
  }

  private static Duration waitOf(String wait) {
    if (wait == null || wait.isBlank()) {
      return Duration.ZERO;
    }
    Duration duration;
    try {
      duration = wait.strip().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(wait.strip()))
          : io.dropwizard.util.Duration.parse(wait.strip()).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("wait: expected a duration such as 30s, got \"" + wait + "\"");
    }
    if (duration.compareTo(MAX_WAIT) > 0) {
      throw ProblemException.badRequest("wait: at most " + MAX_WAIT.toSeconds() + "s, got " + wait);
    }
    return duration;
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
