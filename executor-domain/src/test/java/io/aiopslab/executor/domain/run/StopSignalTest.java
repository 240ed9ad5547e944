package io.aiopslab.executor.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopSignalTest {

  @Test
  void aFreshSignalIsNotStopped() throws Exception {
    var signal = new StopSignal();

    assertFalse(signal.isStopped());
    assertEquals(Optional.empty(), signal.reason());
    assertFalse(signal.await(Duration.ofMillis(1)));
  }

  @Test
  void theFirstReasonWins() throws Exception {
    var signal = new StopSignal();

    assertTrue(signal.stop(StopReason.CANCELLED));
    assertFalse(signal.stop(StopReason.TIMED_OUT));

    assertTrue(signal.isStopped());
    assertEquals(Optional.of(StopReason.CANCELLED), signal.reason());
    assertTrue(signal.await(Duration.ZERO));
  }

  @Test
  void callbacksRegisteredBeforeTheStopRunOnceWhenItFires() {
    var signal = new StopSignal();
    var runs = new AtomicInteger();
    signal.onStop(runs::incrementAndGet);
    assertEquals(0, runs.get());

    signal.stop(StopReason.SHUTDOWN);
    signal.stop(StopReason.LEASE_LOST);

    assertEquals(1, runs.get());
  }

  @Test
  void callbacksRegisteredAfterTheStopRunAtOnceAndOnlyOnce() {
    var signal = new StopSignal();
    signal.stop(StopReason.TIMED_OUT);
    var runs = new AtomicInteger();

    signal.onStop(runs::incrementAndGet);
    signal.stop(StopReason.CANCELLED);

    assertEquals(1, runs.get());
  }

  @Test
  void awaitWakesUpWhenAnotherThreadStops() throws Exception {
    var signal = new StopSignal();
    var waiting = new CountDownLatch(1);
    Thread stopper =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    waiting.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  signal.stop(StopReason.SHUTDOWN);
                });
    waiting.countDown();

    assertTrue(signal.await(Duration.ofSeconds(10)));
    stopper.join(TimeUnit.SECONDS.toMillis(10));
    assertEquals(Optional.of(StopReason.SHUTDOWN), signal.reason());
  }
}
