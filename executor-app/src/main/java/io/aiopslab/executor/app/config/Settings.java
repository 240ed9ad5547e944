package io.aiopslab.executor.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of raw configuration values; every problem is collected with the variable's name so
 * that startup reports all of them at once.
 */
final class Settings {
  private final Map<String, String> values;
  private final List<String> problems = new ArrayList<>();

  Settings(Map<String, String> values) {
    this.values = values;
  }

  List<String> problems() {
    return problems;
  }

  String string(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  /** First non-blank of the names, else fallback. */
  String firstOf(String fallback, String... names) {
    for (String name : names) {
      String value = values.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return fallback;
  }

  int integer(String name, int fallback, int min, int max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value < min || value > max) {
        problems.add(name + "='" + raw + "' must be between " + min + " and " + max);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + "='" + raw + "' must be an integer between " + min + " and " + max);
      return fallback;
    }
  }

  /** A positive number of seconds (fractions allowed), e.g. {@code 0.5}. */
  Duration seconds(String name, Duration fallback, Duration min, Duration max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      BigDecimal seconds = new BigDecimal(raw.strip());
      Duration value = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        problems.add(
            name
                + "='"
                + raw
                + "' must be between "
                + human(min)
                + " and "
                + human(max)
                + " seconds");
        return fallback;
      }
      return value;
    } catch (NumberFormatException | ArithmeticException e) {
      problems.add(name + "='" + raw + "' must be a number of seconds");
      return fallback;
    }
  }

  Number decimal(String name, Number fallback, double minExclusive, double max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      BigDecimal value = new BigDecimal(raw.strip());
      if (value.doubleValue() <= minExclusive || value.doubleValue() > max) {
        problems.add(
            name
                + "='"
                + raw
                + "' must be greater than "
                + human(minExclusive)
                + " and at most "
                + human(max));
        return fallback;
      }
      BigDecimal stripped = value.stripTrailingZeros();
      return stripped.scale() <= 0 ? (Number) stripped.intValueExact() : value.doubleValue();
    } catch (NumberFormatException | ArithmeticException e) {
      problems.add(name + "='" + raw + "' must be a number");
      return fallback;
    }
  }

  boolean bool(String name, boolean fallback) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> {
        return true;
      }
      case "false", "0", "no", "off" -> {
        return false;
      }
      default -> {
        problems.add(name + "='" + raw + "' must be true or false");
        return fallback;
      }
    }
  }

  <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw.strip())) {
        return constant;
      }
    }
    var allowed = new ArrayList<String>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(Locale.ROOT));
    }
    problems.add(name + "='" + raw + "' must be one of " + String.join(", ", allowed));
    return fallback;
  }

  void problem(String message) {
    problems.add(message);
  }

  private static String human(Duration d) {
    return human(d.toNanos() / 1e9);
  }

  private static String human(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
