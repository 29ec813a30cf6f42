package io.statuslog.checker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.checker.core.Backoff;
import io.statuslog.checker.core.IngestReply;
import io.statuslog.checker.spool.CheckCache;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.json.PlainJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks an agent probes: its region's, as ingest lists them ({@code GET /v1/agent/checks},
 * region taken from the token). It follows them with a long poll (the ETag of what it has, and
 * {@code wait}), so a `checks apply` reaches the agent within a second or so, without a
 * restart and without polling traffic while nothing changes. Each new listing is kept in the
 * spool directory's {@link CheckCache}, region first, so an agent restarted while ingest is
 * unreachable goes on probing what it was last given.
 *
 * <p>While ingest cannot be asked, it logs one line when that starts and one when it ends
 * (the delivery's outage lines say the rest), retrying after a backoff; a refused token, every
 * minute.
 */
public final class IngestChecks implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestChecks.class);
  static final Duration LONG_POLL = Duration.ofSeconds(30);
  static final Duration POLL_WITHOUT_ETAG = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IngestClient client;
  private final CheckCache cache;
  private final BiConsumer<String, List<CheckDefinition>> onChange;
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, () -> ThreadLocalRandom.current().nextDouble());
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Set<String> unreadable = new HashSet<>();
  private volatile Thread runner;
  private Optional<String> etag = Optional.empty();
  private String failing;

  /** {@code onChange} gets the region and its checks on every change, on this runnable's thread. */
  public IngestChecks(IngestClient client, CheckCache cache, BiConsumer<String, List<CheckDefinition>> onChange) {
    this.client = client;
    this.cache = cache;
    this.onChange = onChange;
  }

  @Override
  public void run() {
    runner = Thread.currentThread();
    while (stopped.getCount() > 0) {
      Duration wait;
      try {
        wait = poll();
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (!wait.isZero() && stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One request; how long to wait before the next. */
  private Duration poll() throws InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = client.checks(etag, LONG_POLL);
    } catch (IOException e) {
      return failed(client.describe(e), backoff.next());
    }
    int status = response.statusCode();
    if (status == 304) {
      return recovered();
    }
    if (status == 200) {
      try {
        changed(JSON.readTree(response.body()), response.headers().firstValue("ETag"));
      } catch (IOException | RuntimeException e) {
        return failed("ingest's list of checks cannot be read (" + e.getMessage() + ")", backoff.next());
      }
      recovered();
      // Without an ETag (a proxy dropped it) there is no long poll: ask again now and then, not at once.
      return etag.isPresent() ? Duration.ZERO : POLL_WITHOUT_ETAG;
    }
    return switch (IngestReply.of(status, response.headers().firstValue("Retry-After"), response.body())) {
      case IngestReply.Denied denied -> failed("ingest refused to list the agent's checks (" + denied.detail() + ")"
          + (status == 401 ? "; set agent.token to the token statuslog agents add printed for this agent" : ""), IngestDestination.DENIED_RETRY);
      case IngestReply.Throttled throttled -> failed("ingest is rate limiting this agent (" + throttled.detail() + ")", throttled.retryAfter());
      default -> failed("ingest did not list the agent's checks (" + status + ")", backoff.next());
    };
  }

  private void changed(JsonNode listing, Optional<String> newEtag) {
    String region = listing.path("region").asText("");
    if (region.isEmpty()) {
      throw new IllegalArgumentException("it names no region");
    }
    List<CheckDefinition> definitions = new ArrayList<>();
    for (JsonNode check : listing.path("checks")) {
      try {
        definitions.add(PlainJson.fromJson(check, CheckDefinition.class));
      } catch (IllegalArgumentException e) {
        // A definition of a newer schema this agent cannot read: the others are still probed.
        if (unreadable.add(check.path("checkId").asText() + "@" + check.hashCode())) {
          LOG.warn("check definition skipped check={} reason={}", check.path("checkId").asText(), e.getMessage());
        }
      }
    }
    cache.writeRegion(region);
    cache.write(definitions);
    etag = newEtag;
    LOG.info("checks from ingest region={} checks={}", region, definitions.size());
    onChange.accept(region, definitions);
  }

  private Duration recovered() {
    backoff.reset();
    if (failing != null) {
      LOG.info("ingest lists the agent's checks again (it failed with: {})", failing);
      failing = null;
    }
    return Duration.ZERO;
  }

  private Duration failed(String why, Duration retryIn) {
    if (failing == null) {
      LOG.warn("{}; probing the checks last given until it answers", why);
    }
    failing = why;
    return retryIn;
  }

  public void stop() {
    stopped.countDown();
    Thread current = runner;
    if (current != null) {
      current.interrupt();
    }
  }
}
