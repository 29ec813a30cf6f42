package io.statuslog.web.resources;

import io.statuslog.web.core.Encoded;
import io.statuslog.web.core.SnapshotStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/**
 * Serves a body that is encoded once per snapshot: the page at {@code /} and the summary at
 * {@code /api/v1/summary}, the two URLs every visitor and every poller hits. They bypass
 * Jersey on purpose: its per-request cost was most of the time spent on them (bench/web.sh).
 * Everything else is an ordinary resource.
 */
public final class SnapshotServlet extends HttpServlet {
  private final SnapshotStore snapshots;
  private final Function<SnapshotStore.Current, Encoded> body;
  private final String contentType;

  public SnapshotServlet(SnapshotStore snapshots, Function<SnapshotStore.Current, Encoded> body, String contentType) {
    this.snapshots = snapshots;
    this.body = body;
    this.contentType = contentType;
  }

  public static SnapshotServlet page(SnapshotStore snapshots) {
    return new SnapshotServlet(snapshots, SnapshotStore.Current::html, "text/html;charset=utf-8");
  }

  public static SnapshotServlet summary(SnapshotStore snapshots) {
    return new SnapshotServlet(snapshots, SnapshotStore.Current::summaryJson, "application/json");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Encoded encoded = body.apply(snapshots.current());
    String acceptEncoding = request.getHeader("Accept-Encoding");
    boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
    byte[] bytes = gzip ? encoded.gzip() : encoded.plain();
    response.setContentType(contentType);
    response.setHeader("Vary", "Accept-Encoding");
    response.setHeader("Cache-Control", "no-cache");
    if (gzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
