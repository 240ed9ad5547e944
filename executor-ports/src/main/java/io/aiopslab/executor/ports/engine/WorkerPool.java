package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.RequestParameters;
import io.aiopslab.executor.ports.tasks.ClaimOnSubmit;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.LiveWorkers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The internal workers of this node: a pool of slots, each a registered worker that runs one task
 * at a time, and the loops that keep them going.
 *
 * <pre>
 * dispatcher ──claim(slots with room)──▶ slot ──virtual thread──▶ TaskRunner
 *      ▲                       (runs one, holds WORKER_PREFETCH more) │ outcome
 *      └──── slot freed ◀── completer ◀──finish+refill(batch)─────────┘
 * lease keeper: renew(all leases), registry.syncInternal(snapshots)   every lease/3
 * reaper:       expired leases, overdue tasks, silent workers, retention   every check interval
 * </pre>
 *
 * Lifecycle: {@link #open()} registers the slots and starts the loops (the pool runs or stays
 * stopped per {@code autoStart}); {@link #stop()} and {@link #start()} only switch claiming; {@link
 * #close()} drains and hands back. Loops start in the order output flusher, completer, lease
 * keeper, notifications, reaper, dispatcher, and stop in the reverse order.
 */
public final class WorkerPool implements ControlWorkers, LiveWorkers, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());

  /** How long stopped runners get to return before their tasks are handed back regardless. */
  static final Duration STOP_WAIT = Duration.ofSeconds(3);

  /** Buffering of runner output; the defaults suit production, tests shrink them. */
  record Tuning(Duration flushInterval, int flushThreshold, ExecutionRecorder.Limits limits) {
    static final Tuning DEFAULT =
        new Tuning(Duration.ofMillis(150), 2_000, ExecutionRecorder.Limits.DEFAULT);
  }

  private enum State {
    NEW,
    OPEN,
    CLOSING,
    CLOSED
  }

  private final EngineSettings settings;
  private final TaskQueue queue;
  private final WorkerRegistry registry;
  private final QueueNotifications notifications;
  private final TaskEvents events;
  private final Slots slots = new Slots();
  private final OutputBuffer buffer;
  private final Deadlines deadlines;
  private final Completer completer;
  private final LeaseKeeper leaseKeeper;
  private final Reaper reaper;
  private final Dispatcher dispatcher;
  private final Map<String, Object> metadata;
  private final ReentrantLock registryWrites = new ReentrantLock();
  private final Object scaling = new Object();
  private final Object lifecycle = new Object();
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean registryClosed; // guarded by registryWrites
  private State state = State.NEW; // guarded by lifecycle
  private volatile boolean hurry;
  private AutoCloseable subscription;

  public WorkerPool(
      EngineSettings settings,
      TaskQueue queue,
      WorkerRegistry registry,
      TaskLogs logs,
      Conversations conversations,
      QueueNotifications notifications,
      TaskRunner runner,
      TaskEvents events,
      Clock clock) {
    this(
        settings,
        queue,
        registry,
        logs,
        conversations,
        notifications,
        runner,
        events,
        clock,
        Tuning.DEFAULT);
  }

  WorkerPool(
      EngineSettings settings,
      TaskQueue queue,
      WorkerRegistry registry,
      TaskLogs logs,
      Conversations conversations,
      QueueNotifications notifications,
      TaskRunner runner,
      TaskEvents events,
      Clock clock,
      Tuning tuning) {
    this.settings = settings;
    this.queue = queue;
    this.registry = registry;
    this.notifications = notifications;
    this.events = events;
    this.metadata =
        Map.of(
            "type", "internal",
            "node_id", settings.nodeId(),
            "pid", settings.pid(),
            "version", settings.version());
    this.buffer =
        new OutputBuffer(logs, conversations, tuning.flushInterval(), tuning.flushThreshold());
    this.deadlines = new Deadlines(clock);
    this.completer =
        new Completer(
            queue,
            slots,
            buffer,
            deadlines,
            events,
            this::slotsFreed,
            this::dispatcher, // they refer to each other; both exist before any loop starts
            this::markOffline);
    this.leaseKeeper =
        new LeaseKeeper(
            queue,
            slots,
            deadlines,
            settings.lease(),
            settings.renewInterval(),
            this::syncRegistry);
    this.reaper = new Reaper(queue, registry, events, clock, settings, this::isOwnWorker);
    this.dispatcher =
        new Dispatcher(
            settings,
            queue,
            runner,
            slots,
            buffer,
            deadlines,
            completer,
            events,
            clock,
            tuning.limits(),
            this::markOffline);
  }

  /** Registers the slots and starts the loops; the pool claims at once when autoStart is set. */
  public void open() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException("the worker pool was already opened");
      }
      List<Slot> initial = new ArrayList<>();
      for (int number = 1; number <= settings.numWorkers(); number++) {
        initial.add(registerSlot(number));
      }
      slots.init(initial, settings.numWorkers(), settings.autoStart(), settings.tasksPerWorker());
      syncRegistry();
      buffer.start();
      completer.start();
      leaseKeeper.start();
      events.add(new LocalEvents());
      subscription = notifications.subscribe(new Wakeups());
      reaper.start();
      dispatcher.start();
      state = State.OPEN;
      LOG.log(
          System.Logger.Level.INFO,
          "Worker pool of {0} opened with {1} workers ({2})",
          settings.nodeId(),
          settings.numWorkers(),
          settings.autoStart() ? "running" : "stopped");
    }
  }

  @Override
  public PoolStatus status() {
    return slots.status();
  }

  @Override
  public Map<String, WorkerSnapshot> snapshots() {
    return slots.snapshots();
  }

  @Override
  public ScaleResult scale(String numWorkers) {
    if (numWorkers == null) {
      throw ValidationFailed.of("num_workers", "field required");
    }
    int size = RequestParameters.intParam(numWorkers, "num_workers", 0, settings.maxWorkers(), 0);
    synchronized (scaling) {
      Slots.ScalePlan plan = slots.scale(size);
      markOffline(plan.retired());
      List<Slot> created = new ArrayList<>();
      for (int number : plan.missing()) {
        created.add(registerSlot(number));
      }
      slots.add(created);
      syncRegistry();
      dispatcher.wake();
      LOG.log(
          System.Logger.Level.INFO, "Worker pool scaled from {0} to {1}", plan.previous(), size);
      return new ScaleResult(plan.previous(), size);
    }
  }

  @Override
  public PoolStatus stop() {
    slots.setRunning(false);
    syncRegistry();
    return slots.status();
  }

  @Override
  public PoolStatus start() {
    slots.setRunning(true);
    syncRegistry();
    dispatcher.wake();
    return slots.status();
  }

  /** Shuts down with the configured grace period. */
  @Override
  public void close() {
    shutdown(settings.shutdownGrace());
  }

  /**
   * Stops claiming, waits up to {@code grace} for running tasks, stops what still runs and hands
   * those tasks back, flushes the buffers, marks this node's workers offline and stops the loops. A
   * second call while the first waits makes it hand back at once, and waits for it to end.
   */
  public void shutdown(Duration grace) {
    synchronized (lifecycle) {
      switch (state) {
        case NEW -> {
          state = State.CLOSED;
          closed.countDown();
          return;
        }
        case CLOSING, CLOSED -> {
          hurry = true;
          slots.nudge();
        }
        case OPEN -> state = State.CLOSING;
      }
    }
    if (hurry) {
      awaitClosed();
      return;
    }
    try {
      drainAndClose(grace);
    } finally {
      synchronized (lifecycle) {
        state = State.CLOSED;
      }
      closed.countDown();
    }
  }

  private void drainAndClose(Duration grace) {
    slots.stopAccepting();
    dispatcher.stop();
    reaper.stop();
    try {
      if (!slots.awaitIdle(grace, () -> hurry)) {
        List<Execution> left = slots.stopAll(StopReason.SHUTDOWN);
        LOG.log(
            System.Logger.Level.INFO,
            "Stopped {0} tasks still held to shut down; they go back to the queue",
            left.size());
        if (!slots.awaitIdle(STOP_WAIT, () -> hurry)) {
          handBackNow(slots.executions());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      slots.stopAll(StopReason.SHUTDOWN);
      handBackNow(slots.executions());
    }
    closeQuietly(subscription);
    leaseKeeper.stop();
    completer.stop();
    deadlines.stop();
    buffer.stop();
    // The last word on each slot: offline, holding nothing (every task finished or went back),
    // with the counters of tasks that ended after the last lease-keeper tick.
    List<WorkerSnapshot> last =
        slots.snapshots().values().stream()
            .map(
                s ->
                    new WorkerSnapshot(
                        s.workerId(),
                        WorkerStatus.OFFLINE,
                        null,
                        s.tasksCompleted(),
                        s.tasksFailed()))
            .toList();
    registryWrites.lock();
    try {
      registryClosed = true;
      registry.syncInternal(last);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not mark this node's workers offline", e);
    } finally {
      registryWrites.unlock();
    }
    LOG.log(System.Logger.Level.INFO, "Worker pool of {0} closed", settings.nodeId());
  }

  /** Runners that did not return in time: their tasks go back now, later writes are fenced. */
  private void handBackNow(List<Execution> left) {
    List<LeaseRef> leases = left.stream().filter(e -> !e.isDone()).map(e -> e.lease).toList();
    if (leases.isEmpty()) {
      return;
    }
    try {
      events.changed(queue.handBack(leases, Completer.SHUTDOWN_REASON));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "Could not hand back " + leases.size() + " tasks; their leases will expire",
          e);
    }
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Slot registerSlot(int number) {
    String id = settings.workerId(number);
    var registered =
        registry.register(new WorkerRegistration(id, settings.backendType(), Map.of(), metadata));
    // A task still running under this id is from a previous life of this node: hand it back.
    List<LeaseRef> stale =
        queue.runningOf(id).stream().flatMap(task -> task.leaseRef().stream()).toList();
    if (!stale.isEmpty()) {
      events.changed(queue.handBack(stale, "worker " + id + " restarted"));
    }
    Slot slot = new Slot(number, id);
    slot.tasksCompleted = registered.worker().tasksCompleted();
    slot.tasksFailed = registered.worker().tasksFailed();
    return slot;
  }

  /**
   * This pool's free slots for submits on this node to claim for in their own transaction (ADR
   * 0009): one per submitted task of this pool's backend, none before {@link #open}, while stopped
   * or after shutdown began.
   */
  public ClaimOnSubmit claimOnSubmit() {
    return tasks -> {
      int runnable = 0;
      for (NewTask task : tasks) {
        if (runsHere(task.backendType())) {
          runnable++;
        }
      }
      return runnable == 0 ? null : dispatcher.offer(runnable);
    };
  }

  private boolean runsHere(String backendType) {
    return backendType == null || backendType.equals(settings.backendType());
  }

  private Dispatcher dispatcher() {
    return dispatcher;
  }

  private void slotsFreed() {
    dispatcher.wake();
  }

  private boolean isOwnWorker(String workerId) {
    return workerId.startsWith(settings.nodeId() + "-worker-");
  }

  /** The slots' live state to the registry in one batch (also their heartbeat). */
  private void syncRegistry() {
    registryWrites.lock();
    try {
      if (!registryClosed) {
        registry.syncInternal(slots.snapshots().values());
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not write the internal workers' state", e);
    } finally {
      registryWrites.unlock();
    }
  }

  private void markOffline(Collection<String> workerIds) {
    if (workerIds.isEmpty()) {
      return;
    }
    registryWrites.lock();
    try {
      registry.markOffline(workerIds);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not mark retired workers offline", e);
    } finally {
      registryWrites.unlock();
    }
  }

  private void stopIfRunningHere(TaskId taskId, StopReason reason) {
    Execution execution = slots.find(taskId);
    if (execution != null && execution.stop.stop(reason)) {
      LOG.log(
          System.Logger.Level.INFO,
          "Stopping task {0} on {1} ({2})",
          taskId,
          execution.slot.id,
          reason);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Could not unsubscribe from queue notifications", e);
    }
  }

  /** Notifications from the queue, of this node and others: wake-ups and cancels. */
  private final class Wakeups implements QueueNotifications.Listener {
    @Override
    public void tasksAvailable() {
      dispatcher.wake();
    }

    @Override
    public void taskCancelled(TaskId taskId) {
      stopIfRunningHere(taskId, StopReason.CANCELLED);
    }

    @Override
    public void reconnected() {
      dispatcher.wake();
      leaseKeeper.wake(); // a missed cancel shows up as a vanished lease
    }
  }

  /**
   * What this node's own API does, without waiting for the notification to come back through the
   * database: a submit wakes the dispatcher at once (a millisecond or two sooner), a cancel stops
   * the task even when no notification arrives.
   */
  private final class LocalEvents implements TaskEventListener {
    @Override
    public void submitted(Task task) {
      if (task.status() == TaskStatus.PENDING && runsHere(task.backendType())) {
        dispatcher.wake();
      }
    }

    @Override
    public void finished(Task task) {
      if (task.status() == TaskStatus.CANCELLED) {
        stopIfRunningHere(task.id(), StopReason.CANCELLED);
      }
    }
  }
}
