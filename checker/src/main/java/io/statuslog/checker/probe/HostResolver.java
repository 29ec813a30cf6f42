package io.statuslog.checker.probe;

import io.statuslog.checker.probe.Attempt.Phase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns a host into the address a probe connects to, through the JVM's resolver (so
 * /etc/hosts and the JVM's 30 s cache of answers apply, as for any Java client), timed, and
 * within the probe's deadline.
 */
final class HostResolver {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private HostResolver() {}

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
  }

  /**
   * The first address of {@code host}. An IP literal is taken as it is, with no DNS phase. A name
   * is looked up on a virtual thread of its own, because the JDK's lookup takes no timeout (the
   * system resolver's own may be 5 s times its attempts); a lookup that outlives the deadline
   * finishes in the background and is forgotten.
   */
  static InetAddress resolve(String host, Attempt attempt) throws IOException {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (isIpLiteral(bare)) {
      return InetAddress.getByName(bare); // parses, never looks up
    }
    attempt.doing("resolving " + bare);
    long start = System.nanoTime();
    FutureTask<InetAddress> lookup = new FutureTask<>(() -> InetAddress.getByName(bare));
    Thread.startVirtualThread(lookup);
    try {
      InetAddress address = lookup.get(attempt.deadline().remainingNanos(), TimeUnit.NANOSECONDS);
      attempt.took(Phase.DNS, System.nanoTime() - start);
      return address;
    } catch (TimeoutException e) {
      throw new SocketTimeoutException("lookup of " + bare + " did not finish");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      throw new IOException("lookup of " + bare + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      lookup.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while resolving " + bare);
    }
  }
}
