package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Fans task events out to the registered listeners; a failing listener never breaks the caller.
 *
 * <p>Per task, listeners see submitted before anything else this node does with it: a worker can
 * claim a task the instant its insert commits, before the submitting thread has announced it, so
 * events of a task that is being submitted ({@link #submitting}) are held back until its submitted
 * event is out.
 */
public final class TaskEvents {
  private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
  private final BiConsumer<String, RuntimeException> onListenerError;
  private final Map<TaskId, Gate> beingSubmitted = new ConcurrentHashMap<>();

  /**
   * @param onListenerError reports a listener that threw (the app logs it)
   */
  public TaskEvents(BiConsumer<String, RuntimeException> onListenerError) {
    this.onListenerError = onListenerError;
  }

  public void add(TaskEventListener listener) {
    listeners.add(listener);
  }

  /**
   * Marks tasks about to be inserted: their other events wait for {@link Submitting#submitted} (or
   * for {@link Submitting#close}, when the insert did not happen).
   */
  public Submitting submitting(Collection<TaskId> ids) {
    var gates = new ArrayList<Gate>(ids.size());
    for (TaskId id : ids) {
      var gate = new Gate(id);
      beingSubmitted.put(id, gate);
      gates.add(gate);
    }
    return new Submitting(gates);
  }

  public void submitted(Collection<Task> tasks) {
    each(tasks, TaskEventListener::submitted);
  }

  public void started(Collection<Task> tasks) {
    for (Task task : tasks) {
      deliver(task, TaskEventListener::started);
    }
  }

  /** Routes each task by its state: final → finished, pending → handed back. */
  public void changed(Collection<Task> tasks) {
    for (Task task : tasks) {
      if (task.status().isFinal()) {
        deliver(task, TaskEventListener::finished);
      } else if (task.status() == TaskStatus.PENDING) {
        deliver(task, TaskEventListener::handedBack);
      }
    }
  }

  private void deliver(Task task, BiConsumer<TaskEventListener, Task> call) {
    Gate gate = beingSubmitted.get(task.id());
    if (gate == null || !gate.hold(() -> each(List.of(task), call))) {
      each(List.of(task), call);
    }
  }

  private void each(Collection<Task> tasks, BiConsumer<TaskEventListener, Task> call) {
    if (listeners.isEmpty()) {
      return;
    }
    for (Task task : tasks) {
      for (TaskEventListener listener : listeners) {
        try {
          call.accept(listener, task);
        } catch (RuntimeException e) {
          onListenerError.accept("task event listener failed for task " + task.id(), e);
        }
      }
    }
  }

  /** The tasks of one submit; close it in a finally (try-with-resources). */
  public final class Submitting implements AutoCloseable {
    private final List<Gate> gates;

    private Submitting(List<Gate> gates) {
      this.gates = gates;
    }

    /** Announces the stored tasks, then lets their held-back events through, in order. */
    public void submitted(Collection<Task> tasks) {
      for (Task task : tasks) {
        Gate gate = beingSubmitted.get(task.id());
        if (gate == null) {
          each(List.of(task), TaskEventListener::submitted);
        } else {
          gate.open(() -> each(List.of(task), TaskEventListener::submitted));
        }
      }
    }

    /** Releases whatever is still held (an insert that failed, an idempotent repeat). */
    @Override
    public void close() {
      for (Gate gate : gates) {
        gate.open(() -> {});
      }
    }
  }

  /** One task being submitted: events queue here until it is announced. */
  private final class Gate {
    private final TaskId id;
    private final List<Runnable> held = new ArrayList<>(1); // guarded by this
    private boolean open; // guarded by this

    Gate(TaskId id) {
      this.id = id;
    }

    /** Queues the delivery unless already open; false means the caller delivers it now. */
    synchronized boolean hold(Runnable delivery) {
      if (open) {
        return false;
      }
      held.add(delivery);
      return true;
    }

    /**
     * Delivers {@code first}, then everything held, under this gate's lock so that nothing of this
     * task overtakes them (a listener re-entering on this thread appends and is run here too).
     */
    synchronized void open(Runnable first) {
      if (open) {
        return;
      }
      first.run();
      for (int i = 0; i < held.size(); i++) {
        held.get(i).run();
      }
      held.clear();
      open = true;
      beingSubmitted.remove(id, this);
    }
  }
}
