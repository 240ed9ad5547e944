package io.aiopslab.executor.domain.spi;

/** The store could not be reached or failed; the operation had no effect. (HTTP 503) */
public final class StorageUnavailable extends RuntimeException {
  public StorageUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
