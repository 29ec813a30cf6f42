package io.statuslog.checker.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * Lets the probe tests resolve names without a DNS server, through the JDK's resolver SPI: names
 * under {@code .probe.test} (a reserved TLD) resolve to loopback; {@code nxdomain.probe.test}
 * does not exist; a name starting {@code hang-} takes 30 s to resolve, as a dead resolver would.
 * Every other name goes to the JDK's own resolver, so other tests in this JVM see no difference.
 */
public final class TestResolverProvider extends InetAddressResolverProvider {
  static final String DOMAIN = ".probe.test";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        if (!host.endsWith(DOMAIN)) {
          return builtin.lookupByName(host, policy);
        }
        if (host.equals("nxdomain" + DOMAIN)) {
          throw new UnknownHostException(host);
        }
        if (host.startsWith("hang-")) {
          try {
            Thread.sleep(30_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return builtin.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "statuslog-probe-tests";
  }
}
