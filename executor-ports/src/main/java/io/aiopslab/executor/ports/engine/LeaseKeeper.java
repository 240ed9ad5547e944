package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every third of the lease: renews the leases of all attempts running here in one call, stops the
 * attempts whose lease vanished (cancelled → CANCELLED, otherwise taken over → LEASE_LOST), checks
 * deadlines against the clock, and writes the slots' live state to the registry in one batch, which
 * is also the internal workers' heartbeat.
 */
final class LeaseKeeper {
  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  private final TaskQueue queue;
  private final Slots slots;
  private final Deadlines deadlines;
  private final Duration lease;
  private final Runnable syncRegistry;
  private final BackgroundLoop loop;

  LeaseKeeper(
      TaskQueue queue,
      Slots slots,
      Deadlines deadlines,
      Duration lease,
      Duration interval,
      Runnable syncRegistry) {
    this.queue = queue;
    this.slots = slots;
    this.deadlines = deadlines;
    this.lease = lease;
    this.syncRegistry = syncRegistry;
    this.loop = new BackgroundLoop("executor-lease-keeper", interval, this::tick);
  }

  void start() {
    loop.start();
  }

  void stop() {
    loop.stop();
  }

  /** Looks at the leases now (e.g. after the notification channel came back). */
  void wake() {
    loop.wake();
  }

  void tick() {
    try {
      renewLeases();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not renew leases; retrying next tick", e);
    }
    syncRegistry.run();
  }

  private void renewLeases() {
    List<Execution> live = new ArrayList<>();
    for (Execution execution : slots.executions()) {
      if (!execution.isDone()) {
        live.add(execution);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    for (Execution execution : live) {
      deadlines.check(execution);
    }
    Set<LeaseRef> current = queue.renew(live.stream().map(e -> e.lease).toList(), lease);
    for (Execution execution : live) {
      if (!current.contains(execution.lease) && !execution.isDone()) {
        StopReason reason =
            queue
                .find(execution.task.id())
                .filter(task -> task.status() == TaskStatus.CANCELLED)
                .map(task -> StopReason.CANCELLED)
                .orElse(StopReason.LEASE_LOST);
        if (execution.stop.stop(reason)) {
          LOG.log(
              System.Logger.Level.INFO,
              "Stopping task {0} on {1}: its lease is gone ({2})",
              execution.task.id(),
              execution.slot.id,
              reason);
        }
      }
    }
  }
}
