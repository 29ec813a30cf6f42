package io.statuslog.web.resources;

import io.statuslog.web.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An error with a message for the client, answered as RFC 9457 problem+json. */
public final class ProblemException extends WebApplicationException {
  public ProblemException(Response.Status status, String detail) {
    super(detail, Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null))
        .build());
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(Response.Status.BAD_REQUEST, detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Response.Status.NOT_FOUND, detail);
  }
}
