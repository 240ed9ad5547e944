package io.aiopslab.executor.ports;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests: poll a condition until a deadline, never a bare sleep. */
public final class Polling {
  private Polling() {}

  /** Returns as soon as {@code condition} holds; fails naming {@code what} after {@code within}. */
  public static void until(BooleanSupplier condition, String what, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + within + " waiting for " + what);
      }
      step();
    }
  }

  /** The polling step of a deadline-bounded wait, not a wait in itself. */
  public static void step() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
