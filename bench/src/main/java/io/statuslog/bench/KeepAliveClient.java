package io.statuslog.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 client for one keep-alive connection that posts bytes and reads the status: the
 * load generator of bench/ingest.sh. It shares two cores with the server it measures, and the
 * JDK's HttpClient spent about 0.75 ms of CPU per request (selector thread, futures, header
 * maps), 0.4 of a core at 530 requests/s: CPU the broker and ingest did not get. This one spends
 * what writing and reading the bytes costs. Not thread-safe: one per benchmark client.
 */
final class KeepAliveClient implements AutoCloseable {
  private final URI uri;
  private final byte[] head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** Posts to {@code uri} with these headers on every request, each given as "Name: value". */
  KeepAliveClient(URI uri, String... headers) {
    this.uri = uri;
    StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ")
        .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    this.head = head.append("Content-Length: ").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Posts the body and returns the response's status, after reading its body. A kept-alive
   * connection the server closed while it was idle is opened again, and the body posted once more.
   */
  int post(byte[] body) throws IOException {
    boolean reused = socket != null;
    try {
      return send(body);
    } catch (IOException e) {
      if (!reused) {
        throw e;
      }
      return send(body);
    }
  }

  private int send(byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      socket.setSoTimeout(60_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }
    try {
      byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[head.length + length.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(length, 0, request, head.length, length.length);
      System.arraycopy(body, 0, request, head.length + length.length, body.length);
      out.write(request);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private int readResponse() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header; !(header = line()).isEmpty(); ) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closes = value.equalsIgnoreCase("close");
      }
    }
    if (chunked) {
      for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
        in.skipNBytes(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (contentLength > 0) {
      in.skipNBytes(contentLength);
    }
    if (closes) {
      close();
    }
    return status;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new EOFException("connection closed mid-response");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection that is already gone
      }
      socket = null;
    }
  }
}
