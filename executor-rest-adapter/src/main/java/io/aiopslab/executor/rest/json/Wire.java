package io.aiopslab.executor.rest.json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small pieces every response mapper uses. */
public final class Wire {
  private Wire() {}

  /** ISO-8601 UTC with {@code Z} ({@code 2026-01-01T00:00:00.123Z}), or null. */
  public static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** {@code toString()} of an id-like value, or null. */
  public static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** An ordered JSON object under construction: keys appear in the order they are put. */
  public static LinkedHashMap<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** Counts keyed by name, in key order (stable output). */
  public static Map<String, Long> sorted(Map<String, Long> counts) {
    return new java.util.TreeMap<>(counts);
  }
}
