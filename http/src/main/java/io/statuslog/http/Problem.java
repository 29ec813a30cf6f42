package io.statuslog.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} is an extension member (RFC 9457 section 3.2) for a
 * request refused for more than one reason, or for one a client needs to find in what it sent:
 * each names the field, and for an item of a list, its index.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Violation> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public Problem(String type, String title, int status, String detail, String instance) {
    this(type, title, status, detail, instance, List.of());
  }

  /**
   * One reason a request was refused: the index of the item in the list sent (absent when the
   * request is not a list), the field as the client spelled it, and what is wrong with it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Violation(Integer index, String field, String detail) {}
}
