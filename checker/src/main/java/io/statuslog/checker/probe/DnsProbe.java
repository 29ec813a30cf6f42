package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.probe.Attempt.Phase;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A DNS probe: one query for a name and record type, sent to the check's resolver or the
 * system's first one (from /etc/resolv.conf), recursion desired, over UDP with a TCP retry when
 * the answer is truncated. Any response is a connection: [DNS_RCODE] says what it was (NXDOMAIN
 * is an answer, and conditions judge it), [BODY] holds the answers' data as Gatus sets it, and
 * [IP] is the resolver that answered, as Gatus sets it for a DNS check.
 */
final class DnsProbe {
  private final Clock clock;

  DnsProbe(Clock clock) {
    this.clock = clock;
  }

  ProbeOutcome probe(Target.Dns target, Duration timeout) {
    Attempt attempt = new Attempt(Deadline.after(timeout));
    try {
      InetSocketAddress resolver = resolver(target, attempt);
      String peer = Connections.hostPort(resolver.getAddress(), resolver.getPort());
      Name name = Name.fromString(target.name().endsWith(".") ? target.name() : target.name() + ".");
      Message query = Message.newQuery(Record.newRecord(name, Type.value(target.queryType().name()), DClass.IN));
      SimpleResolver client = new SimpleResolver(resolver);
      client.setTimeout(Duration.ofNanos(Math.max(1_000_000, attempt.deadline().remainingNanos())));
      attempt.address(resolver.getAddress().getHostAddress());
      attempt.doing("waiting for the answer from " + peer);
      long start = System.nanoTime();
      Message response = exchange(client, query, attempt.deadline());
      attempt.took(Phase.DNS, System.nanoTime() - start);
      attempt.connected();
      attempt.dnsRcode(Rcode.string(response.getRcode()));
      attempt.body(gatusBody(response.getSection(Section.ANSWER)));
      return attempt.succeeded(clock);
    } catch (IOException e) {
      return attempt.failed(clock, e);
    }
  }

  private static InetSocketAddress resolver(Target.Dns target, Attempt attempt) throws IOException {
    if (target.resolverHost().isEmpty()) {
      return ResolverConfig.getCurrentConfig().server();
    }
    InetAddress address = HostResolver.resolve(target.resolverHost().get(), attempt);
    return new InetSocketAddress(address, target.resolverPort());
  }

  private static Message exchange(SimpleResolver client, Message query, Deadline deadline) throws IOException {
    // Callbacks run on dnsjava's I/O thread: completing a future is all they do.
    CompletableFuture<Message> pending = client.sendAsync(query, Runnable::run).toCompletableFuture();
    try {
      return pending.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new SocketTimeoutException("no DNS answer in time");
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof TimeoutException) {
        throw new SocketTimeoutException("no DNS answer in time");
      }
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    }
  }

  /**
   * [BODY] as Gatus's DNS client fills it (client.QueryDNS): each answer record overwrites it with
   * its data (A/AAAA address, CNAME/MX/NS/PTR target name with its final dot, SRV target:port),
   * except TXT records, whose strings are joined and appended one per line; so an A query
   * answered through a CNAME gives the last address. A record of any other type gives Gatus's
   * "query type is not supported yet".
   */
  static String gatusBody(List<Record> answers) {
    StringBuilder body = new StringBuilder();
    for (Record record : answers) {
      switch (record) {
        case ARecord a -> replace(body, a.getAddress().getHostAddress());
        case AAAARecord aaaa -> replace(body, goIpString(aaaa.getAddress()));
        case CNAMERecord cname -> replace(body, cname.getTarget().toString());
        case MXRecord mx -> replace(body, mx.getTarget().toString());
        case NSRecord ns -> replace(body, ns.getTarget().toString());
        case PTRRecord ptr -> replace(body, ptr.getTarget().toString());
        case SRVRecord srv -> replace(body, srv.getTarget() + ":" + srv.getPort());
        case TXTRecord txt -> {
          if (!body.isEmpty()) {
            body.append('\n');
          }
          txt.getStrings().forEach(body::append);
        }
        default -> replace(body, "query type is not supported yet");
      }
    }
    return body.toString();
  }

  private static void replace(StringBuilder body, String value) {
    body.setLength(0);
    body.append(value);
  }

  /**
   * An address as Go prints it (RFC 5952: lower-case hex, the longest run of two or more zero
   * groups as "::"), where Java would print every group; an IPv4-mapped address is already an
   * Inet4Address here and prints dotted, as in Go.
   */
  static String goIpString(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
