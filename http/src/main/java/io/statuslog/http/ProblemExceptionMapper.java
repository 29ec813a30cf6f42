package io.statuslog.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;
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
    } else if (error instanceof UnrecognizedPropertyException unknown) {
      status = 400;
      detail = field(unknown) + ": unknown field; known fields are "
          + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + "; nothing was written";
    } else if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      status = 400;
      detail = (mismatch.getPath().isEmpty() ? "the body" : field(mismatch)) + ": expected " + kind(mismatch.getTargetType())
          + (mismatch.getProcessor() instanceof JsonParser parser && parser.currentToken() != null ? ", got " + kind(parser.currentToken()) : "")
          + "; nothing was written";
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

  /** The field as the client spelled it: {@code affectedComponents}, {@code updates[2].text}. */
  private static String field(JsonMappingException error) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : error.getPath()) {
      if (reference.getFieldName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  /** What a value of this type is called in JSON, not in Java. */
  private static String kind(Class<?> type) {
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    } else if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
      return "a string";
    } else if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    } else if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return "an object";
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name().toLowerCase(java.util.Locale.ROOT) : token.asString();
    };
  }
}
