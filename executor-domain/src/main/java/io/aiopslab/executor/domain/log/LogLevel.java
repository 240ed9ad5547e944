package io.aiopslab.executor.domain.log;

import java.util.Locale;
import java.util.Optional;

/** Severity of a task log entry; wire names are lower-case and matched exactly. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static Optional<LogLevel> fromWireName(String text) {
    for (LogLevel level : values()) {
      if (level.wireName.equals(text)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
