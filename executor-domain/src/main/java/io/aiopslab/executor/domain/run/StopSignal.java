package io.aiopslab.executor.domain.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-shot request to stop an execution. The first reason wins; callbacks registered before or
 * after it fires run exactly once.
 */
public final class StopSignal {
  private final AtomicReference<StopReason> reason = new AtomicReference<>();
  private final CountDownLatch fired = new CountDownLatch(1);
  private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

  /** Asks to stop; returns true if this call was the first. */
  public boolean stop(StopReason why) {
    if (!reason.compareAndSet(null, why)) {
      return false;
    }
    fired.countDown();
    for (Runnable callback : callbacks) {
      callback.run();
    }
    return true;
  }

  public boolean isStopped() {
    return reason.get() != null;
  }

  public Optional<StopReason> reason() {
    return Optional.ofNullable(reason.get());
  }

  /** Runs {@code callback} exactly once when the stop fires (at once if it already has). */
  public void onStop(Runnable callback) {
    // The guard makes "exactly once" hold when stop() races with this registration.
    var once = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable guarded =
        () -> {
          if (once.compareAndSet(false, true)) {
            callback.run();
          }
        };
    callbacks.add(guarded);
    if (isStopped()) {
      guarded.run();
    }
  }

  /** Waits up to {@code timeout} for a stop; returns whether it fired. */
  public boolean await(Duration timeout) throws InterruptedException {
    return fired.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
