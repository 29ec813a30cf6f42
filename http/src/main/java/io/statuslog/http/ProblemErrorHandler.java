package io.statuslog.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.ws.rs.core.Response.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors as RFC 9457 problem+json, like every other: a request Jetty refuses before
 * any resource sees it (an ambiguous path such as {@code ..%2F}, a malformed escape) would
 * otherwise get an HTML page. Nothing was written for such a request, and the detail says so.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  private static final JsonFactory JSON = new JsonFactory();

  /** Jetty writes no body for a refused DELETE or PUT; a client of any method reads why. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
      throws IOException {
    String reason = title(code);
    String detail = (message == null || message.isBlank() || message.equals(reason) ? reason : message) + "; nothing was written";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(body)) {
      json.writeStartObject();
      json.writeStringField("type", "about:blank");
      json.writeStringField("title", reason);
      json.writeNumberField("status", code);
      json.writeStringField("detail", detail);
      json.writeEndObject();
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
  }

  private static String title(int code) {
    Status known = Status.fromStatusCode(code);
    return known == null ? HttpStatus.getMessage(code) : ProblemException.title(known);
  }
}
