package io.statuslog.checker.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;

/**
 * A TCP server on loopback that runs a script per connection, for what a real HTTP server will
 * not do on demand: answer late or never, frame a body oddly, speak another protocol, keep
 * serving connections after it stopped listening. Counts the connections it accepted.
 */
final class ScriptedServer implements AutoCloseable {
  @FunctionalInterface
  interface Script {
    void run(Socket connection) throws Exception;
  }

  private final ServerSocket listener;
  private final Script script;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean listening = true;

  ScriptedServer(Script script) throws IOException {
    this(script, null);
  }

  /** With TLS, connections are TLS; the handshake happens when the script first reads. */
  ScriptedServer(Script script, TestCertificates.ServerTls tls) throws IOException {
    if (tls == null) {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } else {
      SSLServerSocket secure = (SSLServerSocket) tls.context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      secure.setEnabledProtocols(tls.protocols.toArray(String[]::new));
      this.listener = secure;
    }
    this.script = script;
    // Accepts in short waits, never blocked when the listener closes: closing a listener under a
    // blocked accept() can leave it accepting for a while (seen under gVisor), and a test that
    // stops listening must see refusals at once.
    this.listener.setSoTimeout(25);
    this.acceptor = Thread.ofVirtual().name("scripted-server-" + listener.getLocalPort()).start(this::acceptLoop);
  }

  private void acceptLoop() {
    while (listening) {
      try {
        Socket connection;
        try {
          connection = listener.accept();
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        accepted.incrementAndGet();
        connections.add(connection);
        Thread.ofVirtual().start(() -> {
          try (connection) {
            script.run(connection);
          } catch (Exception e) {
            // The client went away or the test closed the server: the script ends with it.
          }
        });
      } catch (IOException e) {
        return;
      }
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  /** Stops listening (new connections are refused) but keeps serving the connections already open. */
  void stopListening() throws IOException {
    listening = false;
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listener.close();
  }

  @Override
  public void close() throws IOException {
    stopListening();
    for (Socket connection : connections) {
      connection.close();
    }
  }

  /** Reads a request's head, up to and including the blank line; null when the client closed first. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static void write(Socket connection, String text) throws IOException {
    OutputStream out = connection.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Blocks until the client closes the connection (or the server is closed). */
  static void holdOpen(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    byte[] sink = new byte[1024];
    while (in.read(sink) >= 0) {
      // discard
    }
  }
}
