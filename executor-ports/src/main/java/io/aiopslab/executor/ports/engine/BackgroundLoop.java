package io.aiopslab.executor.ports.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One named platform thread that runs {@code body} every {@code interval}, or at once when {@link
 * #wake()} is called, until {@link #stop()}. A failing body is logged and the loop goes on: a
 * background loop must survive a store outage.
 */
final class BackgroundLoop {
  private static final System.Logger LOG = System.getLogger(BackgroundLoop.class.getName());
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Duration interval;
  private final Runnable body;
  private final AtomicBoolean woken = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Thread thread;

  BackgroundLoop(String name, Duration interval, Runnable body) {
    this.name = name;
    this.interval = interval;
    this.body = body;
  }

  String name() {
    return name;
  }

  synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException(name + " already started");
    }
    Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread = t;
    t.start();
  }

  /** Runs the body as soon as possible (cheap, never blocks; repeated wakes coalesce). */
  void wake() {
    if (woken.compareAndSet(false, true)) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Ends the loop after its current round and waits for the thread to end. */
  void stop() {
    stopping = true;
    Thread t = thread;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    LockSupport.unpark(t);
    try {
      if (!t.join(JOIN_TIMEOUT)) {
        LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1}", name, JOIN_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isStopping() {
    return stopping;
  }

  private void loop() {
    while (!stopping) {
      try {
        body.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, name + " round failed; retrying next round", e);
      }
      awaitWake();
    }
  }

  private void awaitWake() {
    long deadline = System.nanoTime() + interval.toNanos();
    while (!stopping && !woken.getAndSet(false)) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      LockSupport.parkNanos(this, remaining);
    }
  }
}
