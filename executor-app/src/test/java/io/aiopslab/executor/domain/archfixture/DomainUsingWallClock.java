package io.aiopslab.executor.domain.archfixture;

import java.time.Instant;

/** Breaks the rules on purpose: reads the wall clock instead of an injected Clock. */
public class DomainUsingWallClock {
  public Instant now() {
    return Instant.now();
  }
}
