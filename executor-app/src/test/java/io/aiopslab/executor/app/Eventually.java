package io.aiopslab.executor.app;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until a deadline: the tests' only way to wait for something. */
final class Eventually {
  private static final Duration PAUSE = Duration.ofMillis(25);

  private Eventually() {}

  /**
   * Reads {@code probe} until {@code done} accepts the value and returns that value; fails with the
   * last value seen (or the last error) when {@code timeout} passes.
   */
  static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline > 0) {
        var failure =
            new AssertionError(
                "Not within " + timeout.toMillis() + " ms: " + what + "; last seen: " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      LockSupport.parkNanos(PAUSE.toNanos());
    }
  }

  static void await(String what, Duration timeout, Supplier<Boolean> condition) {
    await(what, timeout, condition, Boolean.TRUE::equals);
  }

  /**
   * Checks that {@code condition} stays true during {@code span} (for "nothing happens" claims,
   * e.g. a task stays pending while the pool is stopped); fails as soon as it is false.
   */
  static void holdsFor(String what, Duration span, Supplier<Boolean> condition) {
    long end = System.nanoTime() + span.toNanos();
    do {
      if (!condition.get()) {
        throw new AssertionError("No longer true: " + what);
      }
      LockSupport.parkNanos(PAUSE.toNanos());
    } while (System.nanoTime() - end < 0);
  }
}
