package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The durable queue of tasks (driven port). Implementations keep these promises, checked by the
 * contract suite in the ports test-jar:
 *
 * <ul>
 *   <li>State moves only along {@link io.aiopslab.executor.domain.task.TaskLifecycle}.
 *   <li>Claim order is priority (high first), then created_at, then id; a task is claimed by at
 *       most one worker at a time, even under concurrency.
 *   <li>Every transition after a claim is fenced on (id, lease token): a stale lease changes
 *       nothing.
 *   <li>Lease expiry and deadlines use one clock for all nodes (the database's, for PostgreSQL).
 *   <li>Each transition writes its lifecycle log entry ({@link
 *       io.aiopslab.executor.domain.log.LifecycleMessages}) atomically with the state change.
 * </ul>
 *
 * Failures of the store itself surface as {@link StorageUnavailable}.
 */
public interface TaskQueue {

  /** Stores all tasks as pending, or none of them. Returns them as stored, in input order. */
  List<Task> submit(List<NewTask> tasks);

  /**
   * Stores a task that carries an idempotency key. When the key is already held by a task: the same
   * body fingerprint returns that task (created = false); another fingerprint throws {@link
   * io.aiopslab.executor.domain.task.IdempotencyConflict}. A key lives as long as its task.
   */
  Submitted submitIdempotent(NewTask task);

  /**
   * {@link #submit} then {@link #claim}, for a node with idle slots that would claim at once (ADR
   * 0009): the claim is the usual one, so it takes the best pending tasks in claim order, which
   * need not be the ones just submitted. An adapter that can, does both in one transaction (one
   * commit), and then a failed claim fails the submit as a whole. This default takes two steps; a
   * claim that fails there leaves the tasks stored and pending, for the dispatcher to claim.
   */
  default SubmittedAndClaimed submitAndClaim(List<NewTask> tasks, ClaimRequest claim) {
    List<Task> stored = submit(tasks);
    List<Task> claimed;
    try {
      claimed = claim.limit() == 0 ? List.of() : claim(claim);
    } catch (RuntimeException e) {
      claimed = List.of(); // stored is committed: the caller must not see the submit fail
    }
    return new SubmittedAndClaimed(stored, claimed);
  }

  /** Pending → running for up to {@code request.limit()} tasks, one per worker id, with leases. */
  List<Task> claim(ClaimRequest request);

  /**
   * Extends every lease that is still current by {@code extension} from now; returns the leases
   * that were current (a missing one was cancelled, finished or handed back meanwhile).
   */
  Set<LeaseRef> renew(Collection<LeaseRef> leases, Duration extension);

  /** Applies each finish whose lease is current; returns the tasks that changed. */
  List<Task> finish(List<Finish> finishes);

  /**
   * {@link #finish} then {@link #claim} as one atomic step, for a node that frees slots by
   * finishing attempts and wants to refill them at once: one round trip and one commit instead of
   * two. The claim never takes a task finished by the same call. An adapter that cannot do better
   * keeps this default (two steps; a failure of the claim leaves the finishes applied).
   *
   * @return the attempts that ended (those whose lease was current) and the tasks claimed
   */
  default Cycle finishAndClaim(List<Finish> finishes, ClaimRequest next) {
    List<Ended> ended =
        finishes.isEmpty() ? List.of() : finish(finishes).stream().map(Ended::of).toList();
    List<Task> claimed = next.limit() == 0 ? List.of() : claim(next);
    return new Cycle(ended, claimed);
  }

  /**
   * Running → pending for each current lease when attempts remain; otherwise → failed with "Worker
   * lost after n attempts". Returns the tasks that changed.
   */
  List<Task> handBack(Collection<LeaseRef> leases, String reason);

  /**
   * Pending or running → cancelled (clearing the lease, so the running attempt is fenced out).
   *
   * @throws io.aiopslab.executor.domain.task.TaskNotFound unknown id
   * @throws io.aiopslab.executor.domain.task.IllegalTransition already final
   */
  Task cancel(TaskId id);

  Optional<Task> find(TaskId id);

  /** Running tasks held by a worker, oldest claim first. */
  List<Task> runningOf(String workerId);

  /**
   * One page of tasks matching the filters, with the exact total. Rows without a value in the sort
   * column (e.g. started_at of a pending task) come last in both directions; ties by id ascending.
   */
  TaskPage list(TaskQuery query);

  TaskStatistics statistics();

  /**
   * Running tasks whose lease expired: handed back, or failed when their attempts are spent. Safe
   * to run on several nodes at once (each row is reaped once). At most {@code limit} rows. Run
   * {@link #timeOutOverdue} first, so an overdue task ends as timeout instead of being retried.
   */
  List<Task> reapExpiredLeases(int limit);

  /**
   * Running tasks past their deadline whose lease expired (the owner is gone, so nobody else will
   * stop them) → timeout. Safe to run on several nodes at once.
   */
  List<Task> timeOutOverdue(int limit);

  /** Deletes up to {@code limit} final tasks completed before {@code cutoff}, with their data. */
  int deleteFinishedBefore(Instant cutoff, int limit);

  /** The outcome of an idempotent submit. */
  record Submitted(Task task, boolean created) {}

  /** The tasks as stored (pending, input order) and the tasks claimed after (claim order). */
  record SubmittedAndClaimed(List<Task> stored, List<Task> claimed) {
    public SubmittedAndClaimed {
      stored = List.copyOf(stored);
      claimed = List.copyOf(claimed);
    }
  }

  /** What {@link #finishAndClaim} did. */
  record Cycle(List<Ended> ended, List<Task> claimed) {
    public Cycle {
      ended = List.copyOf(ended);
      claimed = List.copyOf(claimed);
    }
  }

  /**
   * An attempt that a finish ended: only what the store decided (the caller knows the rest), so a
   * store need not send back parameters and results it was just given.
   */
  record Ended(TaskId id, TaskStatus status, String errorDetails, Instant completedAt) {
    public Ended {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(completedAt, "completedAt");
    }

    public static Ended of(Task finished) {
      return new Ended(
          finished.id(), finished.status(), finished.errorDetails(), finished.completedAt());
    }

    /**
     * The task as the store now holds it, from the running task that was claimed and the {@code
     * result} the finish sent.
     */
    public Task applyTo(Task running, Map<String, Object> result) {
      if (!running.id().equals(id)) {
        throw new IllegalArgumentException("task " + running.id() + " is not " + id);
      }
      return new Task(
          id,
          running.problemId(),
          status,
          running.parameters(),
          running.priority(),
          running.backendType(),
          running.timeoutMinutes(),
          running.workerId(),
          running.attempt(),
          running.maxAttempts(),
          null,
          result,
          errorDetails,
          running.createdAt(),
          completedAt,
          running.startedAt(),
          completedAt);
    }
  }
}
