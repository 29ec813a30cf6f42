package io.statuslog.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.schemas.kafka.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event as plain JSON, for HTTP clients such as remote agents: an object with the schema's
 * field names, in the schema's order, and plain values (a union with null is the value or null,
 * an enum its symbol, a timestamp its RFC 3339 text), not Avro's JSON encoding with its union
 * wrappers. {@link #fromJson} reads it back; a field left out takes the schema's default, so a
 * reader built against an older schema version reads what a newer server sends and vice versa.
 */
public final class PlainJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static {
    AvroSerde.trustEvents();
  }

  private PlainJson() {}

  public static ObjectNode toJson(SpecificRecord record) {
    return (ObjectNode) value(record.getSchema(), record);
  }

  /**
   * The event of type {@code type} that {@code json} describes.
   *
   * @throws IllegalArgumentException naming the field when a value does not fit the schema
   */
  public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
    Schema schema = SpecificData.get().getSchema(type);
    GenericRecord generic = (GenericRecord) read(schema, json, "");
    @SuppressWarnings("unchecked")
    T specific = (T) SpecificData.getForSchema(schema).deepCopy(schema, generic);
    return specific;
  }

  private static JsonNode value(Schema schema, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    return switch (schema.getType()) {
      case UNION -> value(schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)), value);
      case RECORD -> {
        ObjectNode object = NODES.objectNode();
        SpecificRecord record = (SpecificRecord) value;
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        yield object;
      }
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        ((List<?>) value).forEach(item -> array.add(value(schema.getElementType(), item)));
        yield array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        ((Map<?, ?>) value).forEach((key, item) -> object.set(key.toString(), value(schema.getValueType(), item)));
        yield object;
      }
      case LONG -> value instanceof Instant instant ? NODES.textNode(instant.toString()) : NODES.numberNode((Long) value);
      case INT -> NODES.numberNode((Integer) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case STRING, ENUM -> NODES.textNode(value.toString());
      default -> throw new IllegalArgumentException("no plain JSON for " + schema.getType());
    };
  }

  private static Object read(Schema schema, JsonNode json, String path) {
    switch (schema.getType()) {
      case UNION -> {
        if (json == null || json.isNull()) {
          if (schema.getTypes().stream().anyMatch(type -> type.getType() == Schema.Type.NULL)) {
            return null;
          }
          throw new IllegalArgumentException(path + ": must not be null");
        }
        Schema nonNull = schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        return read(nonNull, json, path);
      }
      case RECORD -> {
        if (!json.isObject()) {
          throw new IllegalArgumentException(path + ": expected an object");
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
          JsonNode given = json.get(field.name());
          String at = path.isEmpty() ? field.name() : path + "." + field.name();
          if (given == null) {
            if (!field.hasDefaultValue()) {
              throw new IllegalArgumentException(at + ": is required");
            }
            record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
          } else {
            record.put(field.pos(), read(field.schema(), given, at));
          }
        }
        return record;
      }
      case ARRAY -> {
        if (!json.isArray()) {
          throw new IllegalArgumentException(path + ": expected a list");
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
          items.add(read(schema.getElementType(), json.get(i), path + "[" + i + "]"));
        }
        return items;
      }
      case MAP -> {
        if (!json.isObject()) {
          throw new IllegalArgumentException(path + ": expected an object");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          map.put(field.getKey(), read(schema.getValueType(), field.getValue(), path + "." + field.getKey()));
        }
        return map;
      }
      case STRING -> {
        return text(json, path);
      }
      case ENUM -> {
        String symbol = text(json, path);
        if (!schema.getEnumSymbols().contains(symbol)) {
          throw new IllegalArgumentException(path + ": must be one of " + schema.getEnumSymbols() + ", got " + symbol);
        }
        return new GenericData.EnumSymbol(schema, symbol);
      }
      case LONG -> {
        if ("timestamp-millis".equals(schema.getProp("logicalType")) && json.isTextual()) {
          return Instant.parse(json.asText()).toEpochMilli();
        }
        if (!json.canConvertToLong() || !json.isIntegralNumber()) {
          throw new IllegalArgumentException(path + ": expected a whole number");
        }
        return json.longValue();
      }
      case INT -> {
        if (!json.canConvertToInt() || !json.isIntegralNumber()) {
          throw new IllegalArgumentException(path + ": expected a whole number");
        }
        return json.intValue();
      }
      case BOOLEAN -> {
        if (!json.isBoolean()) {
          throw new IllegalArgumentException(path + ": expected true or false");
        }
        return json.booleanValue();
      }
      case DOUBLE, FLOAT -> {
        if (!json.isNumber()) {
          throw new IllegalArgumentException(path + ": expected a number");
        }
        return schema.getType() == Schema.Type.DOUBLE ? json.doubleValue() : json.floatValue();
      }
      default -> throw new IllegalArgumentException(path + ": no plain JSON for " + schema.getType());
    }
  }

  private static String text(JsonNode json, String path) {
    if (!json.isTextual()) {
      throw new IllegalArgumentException(path + ": expected text");
    }
    return json.asText();
  }
}
