package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;

/**
 * jsonb and timestamptz columns to and from domain values. JSON goes through the domain's {@link
 * Json} codec only; integral numbers that fit an int come back as {@code Integer}, as they went in
 * from the submission rules.
 */
final class JsonColumns {

  private JsonColumns() {}

  static JSONB jsonb(Map<String, Object> value) {
    return value == null ? null : JSONB.valueOf(Json.write(value));
  }

  static String text(Map<String, Object> value) {
    return value == null ? null : Json.write(value);
  }

  static Map<String, Object> map(JSONB value) {
    return value == null ? null : normalize(Json.parseObject(value.data()));
  }

  static Map<String, Object> mapOrEmpty(JSONB value) {
    Map<String, Object> map = map(value);
    return map == null ? new LinkedHashMap<>() : map;
  }

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  /** numeric → the Number the domain gave: Integer when integral, else Double. */
  static Number number(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0
        && stripped.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
      return stripped.intValueExact();
    }
    return value.doubleValue();
  }

  static BigDecimal decimal(Number value) {
    return new BigDecimal(value.toString());
  }

  @SuppressWarnings("unchecked")
  private static <T> T normalize(T value) {
    if (value instanceof Map<?, ?> map) {
      var copy = new LinkedHashMap<String, Object>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      var copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(normalize(v)));
      return (T) copy;
    }
    if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return (T) Integer.valueOf(l.intValue());
    }
    return value;
  }
}
