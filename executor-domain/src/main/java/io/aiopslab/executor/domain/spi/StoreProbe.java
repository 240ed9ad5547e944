package io.aiopslab.executor.domain.spi;

import java.time.Duration;

/** Health of the store itself, for {@code /health} and {@code /ready} (driven port). */
public interface StoreProbe {

  /**
   * Round-trip time of a trivial query; throws {@link StorageUnavailable} when it does not answer.
   */
  Duration ping();
}
