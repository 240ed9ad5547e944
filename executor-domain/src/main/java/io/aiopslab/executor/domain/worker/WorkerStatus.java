package io.aiopslab.executor.domain.worker;

import java.util.Locale;
import java.util.Optional;

/** A registered worker's state as the API shows it. */
public enum WorkerStatus {
  IDLE,
  BUSY,
  OFFLINE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static Optional<WorkerStatus> fromWireName(String text) {
    for (WorkerStatus status : values()) {
      if (status.wireName.equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
