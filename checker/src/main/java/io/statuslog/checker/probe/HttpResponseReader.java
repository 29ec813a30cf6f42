package io.statuslog.checker.probe;

import io.statuslog.checker.probe.NetworkFailures.MalformedResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a socket: status line, the few headers a probe needs, and the
 * body however it is framed (Content-Length, chunked, or until the server closes), keeping at
 * most a bounded number of body bytes. Every read waits at most what is left of the deadline.
 */
final class HttpResponseReader {
  static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_CHUNK_LINE = 4 * 1024;

  /** The status line and the headers that decide what the probe does next. */
  record Head(int status, long contentLength, boolean chunked, String location, String contentType) {
    boolean hasBody(String method) {
      return !method.equals("HEAD") && status >= 200 && status != 204 && status != 304;
    }
  }

  /** A body as text, and whether it was cut at the limit. */
  record Body(String text, boolean cut) {}

  private final Socket socket;
  private final InputStream in;
  private final Deadline deadline;
  private final byte[] buffer = new byte[4096];
  private int pos;
  private int limit;

  HttpResponseReader(Socket socket, Deadline deadline) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.deadline = deadline;
  }

  /** Waits for the first byte of the response; false when the server closed without answering. */
  boolean awaitFirstByte() throws IOException {
    return pos < limit || fill();
  }

  /** The final response's head, skipping interim 1xx responses (103 Early Hints, a stray 100 Continue). */
  Head readHead() throws IOException {
    while (true) {
      Head head = readOneHead();
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
  }

  private Head readOneHead() throws IOException {
    String statusLine = readLine(MAX_HEAD_BYTES);
    if (statusLine == null) {
      throw new EOFException("no response");
    }
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new MalformedResponse("not an HTTP/1.x response: \"" + printable(statusLine, 60) + "\"");
    }
    int status = parseStatus(statusLine);
    long contentLength = -1;
    boolean chunked = false;
    String location = null;
    String contentType = null;
    int headBytes = statusLine.length();
    for (String line = readLine(MAX_HEAD_BYTES); ; line = readLine(MAX_HEAD_BYTES)) {
      if (line == null) {
        throw new EOFException("response ended inside its headers");
      }
      if (line.isEmpty()) {
        break;
      }
      headBytes += line.length() + 2;
      if (headBytes > MAX_HEAD_BYTES) {
        throw new MalformedResponse("response headers larger than " + MAX_HEAD_BYTES + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue; // obs-fold or junk: nothing a probe needs
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> contentLength = parseContentLength(value, contentLength);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        case "location" -> location = location == null ? value : location;
        case "content-type" -> contentType = contentType == null ? value : contentType;
        default -> {}
      }
    }
    return new Head(status, chunked ? -1 : contentLength, chunked, location, contentType);
  }

  /** The body, framed as the head says, at most {@code maxBytes} of it kept; reading stops there. */
  Body readBody(Head head, int maxBytes) throws IOException {
    BoundedBytes body = new BoundedBytes(maxBytes);
    if (head.chunked()) {
      readChunked(body);
    } else if (head.contentLength() >= 0) {
      copy(head.contentLength(), body, true);
    } else {
      copy(Long.MAX_VALUE, body, false);
    }
    return new Body(body.text(charsetOf(head.contentType())), body.cut());
  }

  private void readChunked(BoundedBytes body) throws IOException {
    while (!body.full()) {
      String sizeLine = readLine(MAX_CHUNK_LINE);
      if (sizeLine == null) {
        throw new EOFException("chunked body ended before its last chunk");
      }
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new MalformedResponse("bad chunk size \"" + printable(hex, 20) + "\" in a chunked body");
      }
      if (size < 0) {
        throw new MalformedResponse("bad chunk size \"" + printable(hex, 20) + "\" in a chunked body");
      }
      if (size == 0) {
        for (String trailer = readLine(MAX_HEAD_BYTES); trailer != null && !trailer.isEmpty(); trailer = readLine(MAX_HEAD_BYTES)) {
          // Trailers carry nothing a probe reports.
        }
        return;
      }
      copy(size, body, true);
      if (!body.full() && readLine(MAX_CHUNK_LINE) == null) {
        throw new EOFException("chunked body ended inside a chunk");
      }
    }
  }

  /** Copies up to {@code length} bytes into the body, or to the end of the stream when {@code exact} is false. */
  private void copy(long length, BoundedBytes body, boolean exact) throws IOException {
    long left = length;
    while (left > 0 && !body.full()) {
      if (pos == limit && !fill()) {
        if (exact) {
          throw new EOFException("body ended early");
        }
        return;
      }
      int n = (int) Math.min(left, limit - pos);
      int kept = body.append(buffer, pos, n);
      pos += kept;
      left -= kept;
    }
  }

  /** A line without its CRLF (a bare LF is accepted), or null at the end of the stream. */
  private String readLine(int maxLength) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      if (pos == limit && !fill()) {
        return line.isEmpty() ? null : line.toString();
      }
      byte b = buffer[pos++];
      if (line.length() > maxLength) {
        throw new MalformedResponse("a line of the response is longer than " + maxLength + " bytes");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) (b & 0xff)); // ISO-8859-1, as HTTP header bytes are read
    }
  }

  private boolean fill() throws IOException {
    socket.setSoTimeout(deadline.remainingMillis());
    int n = in.read(buffer);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private static int parseStatus(String statusLine) throws MalformedResponse {
    String code = statusLine.substring(9, 12);
    if (!code.chars().allMatch(Character::isDigit) || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
      throw new MalformedResponse("not an HTTP/1.x status line: \"" + printable(statusLine, 60) + "\"");
    }
    return Integer.parseInt(code);
  }

  private static long parseContentLength(String value, long earlier) throws MalformedResponse {
    long length;
    try {
      length = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new MalformedResponse("bad Content-Length \"" + printable(value, 30) + "\"");
    }
    if (length < 0 || (earlier >= 0 && earlier != length)) {
      throw new MalformedResponse("bad Content-Length \"" + printable(value, 30) + "\"");
    }
    return length;
  }

  static Charset charsetOf(String contentType) {
    if (contentType != null) {
      for (String parameter : contentType.split(";")) {
        String p = parameter.strip();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").strip());
          } catch (IllegalArgumentException unknown) {
            break;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String printable(String text, int max) {
    String cut = text.length() > max ? text.substring(0, max) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * A byte buffer that grows as bytes come, up to a limit. It takes one byte more than it keeps,
   * so that it can tell a body of exactly the limit from one that was cut.
   */
  static final class BoundedBytes {
    private final int max;
    private byte[] bytes = new byte[0];
    private int size;

    BoundedBytes(int max) {
      this.max = max;
    }

    /** Appends what fits and returns how many bytes that was. */
    int append(byte[] source, int offset, int length) {
      int n = Math.min(length, max + 1 - size);
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(max + 1, Math.max(size + n, Math.max(1024, bytes.length * 2))));
      }
      System.arraycopy(source, offset, bytes, size, n);
      size += n;
      return n;
    }

    /** Nothing more fits: the limit is reached and at least one byte beyond it was seen. */
    boolean full() {
      return size > max;
    }

    boolean cut() {
      return size > max;
    }

    /** The bytes kept, as text; multi-byte characters split by the cut become U+FFFD. */
    String text(Charset charset) {
      return new String(bytes, 0, Math.min(size, max), charset);
    }

    /** Whether the kept bytes contain {@code needle}. */
    boolean contains(byte[] needle) {
      int end = Math.min(size, max) - needle.length;
      outer:
      for (int i = 0; i <= end; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
