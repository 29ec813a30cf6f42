package io.statuslog.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves as RFC 9457 problem+json, with a message a person can act on. */
public final class ProblemExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionMapper.class);

  @Override
  public Response toResponse(Throwable error) {
    if (error instanceof WebApplicationException web && web.getResponse().hasEntity()) {
      return web.getResponse();
    }
    int status;
    String detail;
    if (error instanceof NotSupportedException) {
      // Jersey's own text is only "HTTP 415 Unsupported Media Type"; every body taken here is JSON.
      status = 415;
      detail = "send the body as JSON, with Content-Type: application/json; nothing was written";
    } else if (error instanceof WebApplicationException web) {
      status = web.getResponse().getStatus();
      detail = web.getMessage();
    } else if (error instanceof JsonProcessingException json) {
      status = 400;
      detail = "request body is not valid JSON: " + json.getOriginalMessage();
    } else {
      status = 500;
      detail = "internal error; see the server log";
      LOG.error("request failed", error);
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("about:blank", known == null ? "Error" : ProblemException.title(known), status, detail, null))
        .build();
  }
}
