package io.aiopslab.executor.ports;

import io.aiopslab.executor.domain.ValidationFailed;
import java.util.Map;

/**
 * Parses the loose values callers send (query strings, JSON trees) into typed values, failing with
 * a {@link ValidationFailed} that names the field. Shared by every use case so each rule reads the
 * same everywhere.
 */
public final class RequestParameters {
  private RequestParameters() {}

  /** An integer query value in [min, max]; {@code fallback} when absent. */
  public static int intParam(String raw, String field, int min, int max, int fallback) {
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ValidationFailed.of(field, "must be an integer");
    }
    if (value < min || value > max) {
      throw ValidationFailed.of(field, "must be between " + min + " and " + max);
    }
    return (int) value;
  }

  /** A JSON body that must be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object body, String field) {
    if (body instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw ValidationFailed.of(field, "must be a JSON object");
  }

  /** An optional string member of a JSON object, length-checked when present. */
  public static String optionalString(
      Map<String, Object> object, String key, String field, int maxLength) {
    Object value = object.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw ValidationFailed.of(field, "must be a string");
    }
    if (s.length() > maxLength) {
      throw ValidationFailed.of(field, "must be at most " + maxLength + " characters");
    }
    return s;
  }

  /** A required string member of 1..maxLength characters. */
  public static String requiredString(
      Map<String, Object> object, String key, String field, int maxLength) {
    if (object.get(key) == null) {
      throw ValidationFailed.of(field, "field required");
    }
    String s = optionalString(object, key, field, maxLength);
    if (s.isEmpty()) {
      throw ValidationFailed.of(field, "must be between 1 and " + maxLength + " characters");
    }
    return s;
  }

  /** An optional object member. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> optionalObject(
      Map<String, Object> object, String key, String field) {
    Object value = object.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw ValidationFailed.of(field, "must be an object");
    }
    return (Map<String, Object>) map;
  }

  /** Rejects members not in {@code allowed}. */
  public static void onlyFields(Map<String, Object> object, java.util.Set<String> allowed) {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        throw ValidationFailed.of(key, "unknown field");
      }
    }
  }
}
