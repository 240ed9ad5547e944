package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.Task;
import java.util.List;

/** Driving port: put tasks in the queue. Bodies are JSON trees (maps, lists, strings, numbers). */
public interface SubmitTasks {

  /** One task; with an idempotency key a repeat returns the first task (created = false). */
  Submission submit(SubmitTask command);

  /** 1–1000 tasks, all or nothing. */
  List<Task> submitBatch(SubmitTaskBatch command);

  /**
   * @param idempotencyKey the {@code Idempotency-Key} header, or null
   */
  record SubmitTask(Object body, String idempotencyKey) {}

  record SubmitTaskBatch(Object body) {}

  record Submission(Task task, boolean created) {}
}
