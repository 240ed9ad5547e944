package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Fans task events out to the registered listeners; a failing listener never breaks the caller. */
public final class TaskEvents {
  private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
  private final BiConsumer<String, RuntimeException> onListenerError;

  /**
   * @param onListenerError reports a listener that threw (the app logs it)
   */
  public TaskEvents(BiConsumer<String, RuntimeException> onListenerError) {
    this.onListenerError = onListenerError;
  }

  public void add(TaskEventListener listener) {
    listeners.add(listener);
  }

  public void submitted(Collection<Task> tasks) {
    each(tasks, TaskEventListener::submitted);
  }

  public void started(Collection<Task> tasks) {
    each(tasks, TaskEventListener::started);
  }

  /** Routes each task by its state: final → finished, pending → handed back. */
  public void changed(Collection<Task> tasks) {
    for (Task task : tasks) {
      if (task.status().isFinal()) {
        each(List.of(task), TaskEventListener::finished);
      } else if (task.status() == TaskStatus.PENDING) {
        each(List.of(task), TaskEventListener::handedBack);
      }
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
}
