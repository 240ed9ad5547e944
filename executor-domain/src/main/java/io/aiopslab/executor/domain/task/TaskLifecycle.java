package io.aiopslab.executor.domain.task;

import static io.aiopslab.executor.domain.task.TaskStatus.CANCELLED;
import static io.aiopslab.executor.domain.task.TaskStatus.COMPLETED;
import static io.aiopslab.executor.domain.task.TaskStatus.FAILED;
import static io.aiopslab.executor.domain.task.TaskStatus.PENDING;
import static io.aiopslab.executor.domain.task.TaskStatus.RUNNING;
import static io.aiopslab.executor.domain.task.TaskStatus.TIMEOUT;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one transition table. Every adapter moves state only along these edges; {@code RUNNING →
 * PENDING} is the hand-back of an attempt whose worker was lost while attempts remain.
 */
public final class TaskLifecycle {

  private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = new EnumMap<>(TaskStatus.class);

  static {
    ALLOWED.put(PENDING, EnumSet.of(RUNNING, CANCELLED));
    ALLOWED.put(RUNNING, EnumSet.of(COMPLETED, FAILED, TIMEOUT, CANCELLED, PENDING));
    for (TaskStatus status : TaskStatus.values()) {
      if (status.isFinal()) {
        ALLOWED.put(status, EnumSet.noneOf(TaskStatus.class));
      }
    }
  }

  private TaskLifecycle() {}

  public static boolean allows(TaskStatus from, TaskStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /** Throws {@link IllegalTransition} unless {@code from → to} is an edge of the table. */
  public static void check(TaskId id, TaskStatus from, TaskStatus to) {
    if (!allows(from, to)) {
      throw new IllegalTransition(id, from, to);
    }
  }

  /** The states a task in {@code from} may move to. */
  public static Set<TaskStatus> next(TaskStatus from) {
    return Set.copyOf(ALLOWED.get(from));
  }
}
