package io.statuslog.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An error with a message for the client, answered as RFC 9457 problem+json. */
public final class ProblemException extends WebApplicationException {
  public ProblemException(Response.Status status, String detail) {
    this(status, detail, List.of());
  }

  /** Refused for each of {@code errors}; {@code detail} says it in one line. */
  public ProblemException(Response.Status status, String detail, List<Problem.Violation> errors) {
    this(status.getStatusCode(), title(status), detail, errors);
  }

  /** A status JAX-RS has no constant for (422, 429), with its reason phrase. */
  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  /** Refused for each of {@code errors}; {@code detail} says it in one line. */
  public ProblemException(int status, String title, String detail, List<Problem.Violation> errors) {
    super(detail, Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("about:blank", title, status, detail, null, errors))
        .build());
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(Response.Status.BAD_REQUEST, detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Response.Status.NOT_FOUND, detail);
  }

  /** 422: well-formed, but contradicts what the server already holds (RFC 9110 15.5.21; JAX-RS has no constant for it). */
  public static ProblemException unprocessable(String detail) {
    return new ProblemException(422, "Unprocessable Content", detail);
  }

  /**
   * The title RFC 9457 asks for, RFC 9110's reason phrase: JAX-RS still has RFC 2616's
   * "Request Entity Too Large" for 413 and "Request-URI Too Long" for 414.
   */
  static String title(Response.Status status) {
    return switch (status) {
      case REQUEST_ENTITY_TOO_LARGE -> "Content Too Large";
      case REQUEST_URI_TOO_LONG -> "URI Too Long";
      default -> status.getReasonPhrase();
    };
  }

  /** This problem with a response header added, such as Retry-After or WWW-Authenticate. */
  public ProblemException withHeader(String name, Object value) {
    getResponse().getHeaders().add(name, value);
    return this;
  }
}
