package io.statuslog.schemas.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;

/**
 * Jackson refuses a required field ({@code @JsonProperty(required = true)}) only when its key
 * is absent: {@code checker:} with nothing under it binds null, and the role fails later on a
 * null pointer. With this, such a field given as nothing is refused while reading, as "expected
 * a block of settings, got nothing" at its line; optional fields keep meaning "default" when
 * empty.
 */
public final class RequiredFields {
  private RequiredFields() {}

  /** {@code mapper}, refusing nothing for a required field. */
  public static ObjectMapper refuseNothing(ObjectMapper mapper) {
    AnnotationIntrospector current = mapper.getDeserializationConfig().getAnnotationIntrospector();
    return mapper.setAnnotationIntrospector(AnnotationIntrospector.pair(new NotNothing(), current));
  }

  private static final class NotNothing extends NopAnnotationIntrospector {
    @Override
    public JsonSetter.Value findSetterInfo(Annotated member) {
      JsonProperty property = _findAnnotation(member, JsonProperty.class);
      return property != null && property.required() ? JsonSetter.Value.forValueNulls(Nulls.FAIL) : JsonSetter.Value.empty();
    }
  }
}
