package io.statuslog.web.resources;

import io.statuslog.web.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An error with a message for the client, answered as RFC 9457 problem+json. */
public final class ProblemException extends WebApplicationException {
  public ProblemException(Response.Status status, String detail) {
    this(status.getStatusCode(), status.getReasonPhrase(), detail);
  }

  private ProblemException(int status, String title, String detail) {
    super(detail, Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("about:blank", title, status, detail, null))
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
}
