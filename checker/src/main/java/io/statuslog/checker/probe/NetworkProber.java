package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeFacts;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;

/**
 * Probes any target over the network, one class per check type. Everything costly (TLS
 * contexts, the shared HTTP client of checks that reuse connections) is built once here and
 * shared by all probes; a probe itself holds a socket and a few small buffers, on the virtual
 * thread the scheduler runs it on, so blocking I/O is what it uses.
 */
public final class NetworkProber implements Prober {
  static {
    // ErrorKind is an Avro enum: loading it parses its schema, pulling in Avro and Jackson, which
    // took seconds on a loaded machine. Loaded here, that is not counted in a failing probe's time.
    ErrorKind.values();
  }

  private final HttpProbe http;
  private final SharedClientHttpProbe sharedHttp;
  private final TcpProbe tcp;
  private final DnsProbe dns;
  private final TlsProbe tls;

  /** Verifies certificates against the JVM's trust store. */
  public NetworkProber(Clock clock) {
    this(clock, null);
  }

  /**
   * @param trustStore the certificates that verify a server (a private CA's), instead of the
   *     JVM's trust store; null for the JVM's
   */
  public NetworkProber(Clock clock, KeyStore trustStore) {
    TlsSockets sockets = new TlsSockets(trustStore);
    this.http = new HttpProbe(sockets, clock);
    this.sharedHttp = new SharedClientHttpProbe(sockets, clock);
    this.tcp = new TcpProbe(clock);
    this.dns = new DnsProbe(clock);
    this.tls = new TlsProbe(sockets, clock);
  }

  @Override
  public ProbeOutcome probe(Target target, Duration timeout) {
    return switch (target) {
      case Target.Http h when h.reuseConnections() -> sharedHttp.probe(h, timeout);
      case Target.Http h -> http.probe(h, timeout);
      case Target.Tcp t -> tcp.probe(t, timeout);
      case Target.Dns d -> dns.probe(d, timeout);
      case Target.Tls t -> tls.probe(t, timeout);
      case Target.Push push -> ProbeOutcome.failed(ProbeFacts.notConnected(Duration.ZERO), ProbeOutcome.Timings.NONE, ErrorKind.OTHER,
          "push checks are not probed: the monitored job reports to Statuslog itself");
    };
  }
}
