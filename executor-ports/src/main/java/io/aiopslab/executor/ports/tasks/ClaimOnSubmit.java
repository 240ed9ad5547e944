package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import java.util.List;

/**
 * This node's idle slots, offered to a submit so that it claims for them in its own transaction
 * instead of leaving the claim to the dispatcher after its commit (ADR 0009).
 */
@FunctionalInterface
public interface ClaimOnSubmit {

  /** A node without a worker pool (or one that never claims on submit). */
  ClaimOnSubmit NONE = tasks -> null;

  /**
   * Reserves free slots for a claim, at most one per task of {@code tasks} this node can run; null
   * when there is none. The caller must end a non-null offer with exactly one of {@link
   * Offer#launch} or {@link Offer#withdraw}.
   */
  Offer offer(List<NewTask> tasks);

  /** Reserved slots waiting for the outcome of one submit. */
  interface Offer {
    /** The claim to make for the reserved slots. */
    ClaimRequest request();

    /** Starts what the claim brought and lifts the reservation. */
    void launch(List<Task> claimed);

    /** The submit failed: lifts the reservation. */
    void withdraw();
  }
}
