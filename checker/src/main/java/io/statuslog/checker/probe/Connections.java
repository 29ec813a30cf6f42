package io.statuslog.checker.probe;

import io.statuslog.checker.probe.Attempt.Phase;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opens a probe's own TCP connection: the host resolved, then connected to, each step timed. */
final class Connections {
  private Connections() {}

  /**
   * A new connection to the first address of {@code host}, never one kept from an earlier probe:
   * a listener that stopped accepting must fail this probe, not hide behind an open connection.
   */
  static Socket open(String host, int port, Attempt attempt) throws IOException {
    InetAddress address = HostResolver.resolve(host, attempt);
    String ip = address.getHostAddress();
    attempt.address(ip); // the address tried, even when it refuses: the one to look at
    attempt.doing("connecting to " + hostPort(address, port));
    Socket socket = new Socket();
    try {
      // As curl, browsers and Go do: a TLS handshake writes more than once, and Nagle would hold a
      // write back until the last is acknowledged, adding a delayed ACK to the times measured.
      socket.setTcpNoDelay(true);
      long start = System.nanoTime();
      socket.connect(new InetSocketAddress(address, port), attempt.deadline().remainingMillis());
      attempt.took(Phase.CONNECT, System.nanoTime() - start);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  static String hostPort(InetAddress address, int port) {
    return (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
  }
}
