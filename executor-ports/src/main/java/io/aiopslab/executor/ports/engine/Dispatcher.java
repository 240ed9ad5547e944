package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.ports.tasks.ClaimOnSubmit;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The one thread that claims work for this node: whenever slots are idle it claims for all of them
 * in one call, gives each task to the slot it was claimed for and starts the attempt on a virtual
 * thread. It sleeps until woken (a NOTIFY of new tasks, a slot freed, start or scale) or the poll
 * interval passes, the safety net for lost notifications.
 */
final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final EngineSettings settings;
  private final TaskQueue queue;
  private final TaskRunner runner;
  private final Slots slots;
  private final OutputBuffer buffer;
  private final Deadlines deadlines;
  private final Completer completer;
  private final TaskEvents events;
  private final Clock clock;
  private final ExecutionRecorder.Limits limits;
  private final Consumer<List<String>> retired;
  private final BackgroundLoop loop;
  private final ThreadFactory executions = Thread.ofVirtual().name("executor-task-", 1).factory();

  Dispatcher(
      EngineSettings settings,
      TaskQueue queue,
      TaskRunner runner,
      Slots slots,
      OutputBuffer buffer,
      Deadlines deadlines,
      Completer completer,
      TaskEvents events,
      Clock clock,
      ExecutionRecorder.Limits limits,
      Consumer<List<String>> retired) {
    this.settings = settings;
    this.queue = queue;
    this.runner = runner;
    this.slots = slots;
    this.buffer = buffer;
    this.deadlines = deadlines;
    this.completer = completer;
    this.events = events;
    this.clock = clock;
    this.limits = limits;
    this.retired = retired;
    this.loop = new BackgroundLoop("executor-dispatcher", settings.pollInterval(), this::dispatch);
  }

  void start() {
    loop.start();
  }

  void stop() {
    loop.stop();
  }

  /** Claims as soon as possible. Cheap and non-blocking: safe in a notification listener. */
  void wake() {
    loop.wake();
  }

  /** Claims for the slots with room until they are all full or the queue has nothing for them. */
  private void dispatch() {
    while (!loop.isStopping()) {
      List<Slot> idle = slots.reserveRoom();
      if (idle.isEmpty()) {
        return;
      }
      List<Task> claimed;
      try {
        claimed = queue.claim(claimFor(idle));
      } catch (RuntimeException e) {
        retire(slots.unreserve(idle));
        throw e; // logged by the loop; the next round is the next poll
      }
      launch(idle, claimed);
      if (claimed.size() < idle.size()) {
        return; // the queue has nothing more for us now
      }
    }
  }

  /**
   * Free slots for a submit to claim for in its own transaction (ADR 0009), at most {@code max};
   * null when there are none. What it claims starts as any claim does ({@link #launch}).
   */
  ClaimOnSubmit.Offer offer(int max) {
    List<Slot> free = slots.reserveFree(max);
    if (free.isEmpty()) {
      return null;
    }
    return new ClaimOnSubmit.Offer() {
      @Override
      public ClaimRequest request() {
        return claimFor(free);
      }

      @Override
      public void launch(List<Task> claimed) {
        Dispatcher.this.launch(free, claimed);
      }

      @Override
      public void withdraw() {
        retire(slots.unreserve(free));
      }
    };
  }

  /** The claim for these reserved slots, one task per entry (a slot is listed once per task). */
  ClaimRequest claimFor(List<Slot> reserved) {
    return new ClaimRequest(
        reserved.stream().map(slot -> slot.id).toList(), settings.backendType(), settings.lease());
  }

  /**
   * Starts the tasks claimed for {@code reserved} slots and lifts the reservations; called by the
   * dispatcher and by the completer, which refills the slots it frees in its own statement.
   */
  void launch(List<Slot> reserved, List<Task> claimed) {
    Slots.Assignment assignment = slots.assign(reserved, claimed, this::execution);
    // Before any runner starts: a listener then sees started before the task's finished.
    if (!claimed.isEmpty()) {
      events.started(claimed);
    }
    assignment.started().forEach(this::start);
    retire(assignment.retired());
    if (!assignment.unassigned().isEmpty()) {
      handBackUnassigned(assignment.unassigned());
    }
  }

  private void start(Execution execution) {
    deadlines.arm(execution);
    executions.newThread(execution).start();
  }

  /**
   * On the execution's own thread when its runner returned: the slot's next task (claimed ahead)
   * starts at once, then the completer records the end with others in its next batch.
   */
  private void ended(Execution execution) {
    Execution next = slots.advance(execution);
    if (next != null) {
      start(next);
    }
    completer.ended(execution);
  }

  private Execution execution(Slot slot, Task task) {
    LeaseRef lease =
        task.leaseRef()
            .orElseThrow(
                () -> new IllegalStateException("claimed task without lease " + task.id()));
    StopSignal stop = new StopSignal();
    RunRequest request =
        new RunRequest(
            task,
            slot.id,
            task.attempt(),
            Execution.randomUuid(),
            Execution.randomUuid().toString(),
            stop);
    ExecutionRecorder recorder = new ExecutionRecorder(request, buffer, clock, limits);
    return new Execution(slot, task, lease, stop, request, recorder, runner, this::ended);
  }

  private void retire(List<String> ids) {
    if (!ids.isEmpty()) {
      retired.accept(ids);
    }
  }

  /** A task the queue gave to a worker id we did not offer: never keep what we cannot run. */
  private void handBackUnassigned(List<Task> tasks) {
    LOG.log(
        System.Logger.Level.ERROR,
        "The queue returned {0} tasks for workers that did not ask; handing them back",
        tasks.size());
    List<LeaseRef> leases = tasks.stream().flatMap(task -> task.leaseRef().stream()).toList();
    events.changed(queue.handBack(leases, "claimed for an unknown worker"));
  }
}
