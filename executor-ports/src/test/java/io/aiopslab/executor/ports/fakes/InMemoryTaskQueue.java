package io.aiopslab.executor.ports.fakes;

import static io.aiopslab.executor.ports.fakes.InMemoryStore.TASK_ID_ORDER;
import static io.aiopslab.executor.ports.fakes.InMemoryStore.frozen;

import io.aiopslab.executor.domain.log.LifecycleMessages;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.IdempotencyConflict;
import io.aiopslab.executor.domain.task.Lease;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskLifecycle;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskPage;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSort;
import io.aiopslab.executor.domain.task.TaskStatistics;
import io.aiopslab.executor.domain.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link TaskQueue} over the {@link InMemoryStore}. Interpretations where the SPI leaves a choice
 * (the contract suite checks the same ones):
 *
 * <ul>
 *   <li>A lease is current while the task is running under that token, even past its expiry: only
 *       the reaper (or a cancel, finish or hand-back) makes it stale.
 *   <li>A lease expires at {@code expiresAt} (expired when {@code expiresAt <= now}); a running
 *       task is overdue when {@code deadline <= now}.
 *   <li>A hand-back to pending clears worker_id, lease and started_at; attempt stays.
 *   <li>The list sorts nulls last in both directions and breaks ties by id ascending.
 * </ul>
 */
public final class InMemoryTaskQueue implements TaskQueue {

  private static final Comparator<Task> CLAIM_ORDER =
      Comparator.comparing(Task::priority, Comparator.reverseOrder())
          .thenComparing(Task::createdAt)
          .thenComparing(Task::id, TASK_ID_ORDER);

  private final InMemoryStore store;

  InMemoryTaskQueue(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public List<Task> submit(List<NewTask> newTasks) {
    List<Task> stored =
        store.locked(
            () -> {
              var ids = new HashSet<TaskId>();
              var keys = new HashSet<String>();
              for (NewTask task : newTasks) {
                if (store.tasks.containsKey(task.id()) || !ids.add(task.id())) {
                  throw new IllegalArgumentException("task " + task.id() + " already exists");
                }
                if (task.idempotency() != null
                    && (store.idempotencyKeys.containsKey(task.idempotency().key())
                        || !keys.add(task.idempotency().key()))) {
                  throw new IllegalArgumentException(
                      "Idempotency-Key '" + task.idempotency().key() + "' is already held");
                }
              }
              var result = new ArrayList<Task>(newTasks.size());
              // As in PostgreSQL: the n-th task of a batch is created n µs after the first, so a
              // batch is claimed in input order even when the clock does not move between items.
              Instant first = store.now();
              for (int i = 0; i < newTasks.size(); i++) {
                result.add(insert(newTasks.get(i), first.plusNanos(i * 1_000L)));
              }
              return result;
            });
    if (!stored.isEmpty()) {
      store.fire(listener -> listener.tasksAvailable());
    }
    return stored;
  }

  @Override
  public Submitted submitIdempotent(NewTask task) {
    NewTask.Idempotency idempotency =
        Objects.requireNonNull(task.idempotency(), "submitIdempotent needs an idempotency key");
    Submitted submitted =
        store.locked(
            () -> {
              var held = store.idempotencyKeys.get(idempotency.key());
              if (held != null) {
                if (!held.fingerprint().equals(idempotency.bodyFingerprint())) {
                  throw new IdempotencyConflict(idempotency.key(), held.taskId());
                }
                return new Submitted(store.tasks.get(held.taskId()), false);
              }
              if (store.tasks.containsKey(task.id())) {
                throw new IllegalArgumentException("task " + task.id() + " already exists");
              }
              return new Submitted(insert(task, store.now()), true);
            });
    if (submitted.created()) {
      store.fire(listener -> listener.tasksAvailable());
    }
    return submitted;
  }

  private Task insert(NewTask task, Instant now) {
    var stored =
        new Task(
            task.id(),
            task.problemId(),
            TaskStatus.PENDING,
            frozen(task.parameters()),
            task.priority(),
            task.backendType(),
            task.timeoutMinutes(),
            null,
            0,
            task.maxAttempts(),
            null,
            null,
            null,
            now,
            now,
            null,
            null);
    store.tasks.put(stored.id(), stored);
    if (task.idempotency() != null) {
      store.idempotencyKeys.put(
          task.idempotency().key(),
          new InMemoryStore.IdempotencyKey(task.id(), task.idempotency().bodyFingerprint()));
    }
    store.lifecycleLog(stored.id(), LogLevel.INFO, LifecycleMessages.CREATED, Map.of());
    return stored;
  }

  @Override
  public List<Task> claim(ClaimRequest request) {
    return store.locked(
        () -> {
          List<Task> runnable =
              store.tasks.values().stream()
                  .filter(task -> task.status() == TaskStatus.PENDING)
                  .filter(
                      task ->
                          task.backendType() == null
                              || task.backendType().equals(request.backendType()))
                  .sorted(CLAIM_ORDER)
                  .limit(request.limit())
                  .toList();
          Instant now = store.now();
          var claimed = new ArrayList<Task>(runnable.size());
          for (int i = 0; i < runnable.size(); i++) {
            Task task = runnable.get(i);
            TaskLifecycle.check(task.id(), task.status(), TaskStatus.RUNNING);
            String workerId = request.workerIds().get(i);
            int attempt = task.attempt() + 1;
            var running =
                new Task(
                    task.id(),
                    task.problemId(),
                    TaskStatus.RUNNING,
                    task.parameters(),
                    task.priority(),
                    task.backendType(),
                    task.timeoutMinutes(),
                    workerId,
                    attempt,
                    task.maxAttempts(),
                    new Lease(UUID.randomUUID(), now.plus(request.leaseDuration())),
                    null,
                    null,
                    task.createdAt(),
                    now,
                    now,
                    null);
            store.tasks.put(running.id(), running);
            store.lifecycleLog(
                running.id(),
                LogLevel.INFO,
                LifecycleMessages.claimed(workerId, attempt),
                Map.of("worker_id", workerId, "attempt", attempt));
            claimed.add(running);
          }
          return claimed;
        });
  }

  @Override
  public Set<LeaseRef> renew(Collection<LeaseRef> leases, Duration extension) {
    return store.locked(
        () -> {
          Instant expiresAt = store.now().plus(extension);
          var renewed = new LinkedHashSet<LeaseRef>();
          for (LeaseRef ref : leases) {
            Task task = current(ref);
            if (task != null) {
              store.tasks.put(
                  task.id(), withLease(task, new Lease(task.lease().token(), expiresAt)));
              renewed.add(ref);
            }
          }
          return renewed;
        });
  }

  @Override
  public List<Task> finish(List<Finish> finishes) {
    return store.locked(
        () -> {
          var changed = new ArrayList<Task>();
          for (Finish finish : finishes) {
            Task task = current(finish.lease());
            if (task == null) {
              continue;
            }
            String errorDetails =
                finish.to() == TaskStatus.TIMEOUT && finish.errorDetails() == null
                    ? task.timeoutMessage()
                    : finish.errorDetails();
            changed.add(end(task, finish.to(), frozen(finish.result()), errorDetails));
          }
          return changed;
        });
  }

  @Override
  public List<Task> handBack(Collection<LeaseRef> leases, String reason) {
    return store.locked(
        () -> {
          var changed = new ArrayList<Task>();
          for (LeaseRef ref : leases) {
            Task task = current(ref);
            if (task != null) {
              changed.add(handBack(task, reason));
            }
          }
          return changed;
        });
  }

  /** Running → pending while attempts remain, else → failed "Worker lost after n attempts". */
  private Task handBack(Task task, String reason) {
    if (task.attempt() >= task.maxAttempts()) {
      return end(task, TaskStatus.FAILED, null, LifecycleMessages.workerLost(task.attempt()));
    }
    TaskLifecycle.check(task.id(), task.status(), TaskStatus.PENDING);
    var pending =
        new Task(
            task.id(),
            task.problemId(),
            TaskStatus.PENDING,
            task.parameters(),
            task.priority(),
            task.backendType(),
            task.timeoutMinutes(),
            null,
            task.attempt(),
            task.maxAttempts(),
            null,
            null,
            null,
            task.createdAt(),
            store.now(),
            null,
            null);
    store.tasks.put(pending.id(), pending);
    store.lifecycleLog(
        pending.id(),
        LogLevel.WARNING,
        LifecycleMessages.handedBack(reason),
        Map.of("worker_id", task.workerId(), "attempt", task.attempt()));
    return pending;
  }

  @Override
  public Task cancel(TaskId id) {
    Task cancelled =
        store.locked(
            () -> {
              Task task = store.tasks.get(id);
              if (task == null) {
                throw new TaskNotFound(id);
              }
              return end(task, TaskStatus.CANCELLED, task.result(), task.errorDetails());
            });
    store.fire(listener -> listener.taskCancelled(id));
    return cancelled;
  }

  /** Moves a task to a final state, clearing its lease, and logs the lifecycle entry. */
  private Task end(Task task, TaskStatus to, Map<String, Object> result, String errorDetails) {
    TaskLifecycle.check(task.id(), task.status(), to);
    Instant now = store.now();
    var ended =
        new Task(
            task.id(),
            task.problemId(),
            to,
            task.parameters(),
            task.priority(),
            task.backendType(),
            task.timeoutMinutes(),
            task.workerId(),
            task.attempt(),
            task.maxAttempts(),
            null,
            result,
            errorDetails,
            task.createdAt(),
            now,
            task.startedAt(),
            now);
    store.tasks.put(ended.id(), ended);
    switch (to) {
      case COMPLETED ->
          store.lifecycleLog(ended.id(), LogLevel.INFO, LifecycleMessages.COMPLETED, Map.of());
      case FAILED ->
          store.lifecycleLog(
              ended.id(), LogLevel.ERROR, LifecycleMessages.failed(errorDetails), Map.of());
      case TIMEOUT ->
          store.lifecycleLog(
              ended.id(),
              LogLevel.WARNING,
              LifecycleMessages.TIMED_OUT,
              Map.of("timeout_minutes", task.timeoutMinutes()));
      case CANCELLED ->
          store.lifecycleLog(ended.id(), LogLevel.INFO, LifecycleMessages.CANCELLED, Map.of());
      case PENDING, RUNNING -> throw new IllegalStateException("not a final state: " + to);
    }
    return ended;
  }

  @Override
  public Optional<Task> find(TaskId id) {
    return store.locked(() -> Optional.ofNullable(store.tasks.get(id)));
  }

  @Override
  public List<Task> runningOf(String workerId) {
    return store.locked(
        () ->
            store.tasks.values().stream()
                .filter(task -> task.status() == TaskStatus.RUNNING)
                .filter(task -> workerId.equals(task.workerId()))
                .sorted(
                    Comparator.comparing(Task::startedAt).thenComparing(Task::id, TASK_ID_ORDER))
                .toList());
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return store.locked(
        () -> {
          List<Task> matching =
              store.tasks.values().stream()
                  .filter(matches(query.status(), Task::status))
                  .filter(matches(query.problemId(), Task::problemId))
                  .filter(matches(query.workerId(), Task::workerId))
                  .filter(matches(query.backendType(), Task::backendType))
                  .sorted(listOrder(query.sort()))
                  .toList();
          List<Task> page = matching.stream().skip(query.offset()).limit(query.pageSize()).toList();
          return new TaskPage(page, matching.size(), query.page(), query.pageSize());
        });
  }

  private static <T> Predicate<Task> matches(T wanted, Function<Task, T> field) {
    return task -> wanted == null || wanted.equals(field.apply(task));
  }

  /** The sort field (nulls last in both directions), then id ascending. */
  static Comparator<Task> listOrder(TaskSort sort) {
    Function<Task, Comparable<?>> field =
        switch (sort.field()) {
          case PRIORITY -> Task::priority;
          case CREATED_AT -> Task::createdAt;
          case UPDATED_AT -> Task::updatedAt;
          case STARTED_AT -> Task::startedAt;
          case COMPLETED_AT -> Task::completedAt;
        };
    Comparator<Comparable<Object>> direction =
        sort.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
    @SuppressWarnings("unchecked")
    Function<Task, Comparable<Object>> key = task -> (Comparable<Object>) field.apply(task);
    return Comparator.comparing(key, Comparator.nullsLast(direction))
        .thenComparing(Task::id, TASK_ID_ORDER);
  }

  @Override
  public TaskStatistics statistics() {
    return store.locked(
        () -> {
          var counts = new EnumMap<TaskStatus, Long>(TaskStatus.class);
          var byProblem = new HashMap<String, Long>();
          var byWorker = new HashMap<String, Long>();
          long executions = 0;
          long executionNanos = 0;
          long waits = 0;
          long waitNanos = 0;
          Instant oldestPending = null;
          for (Task task : store.tasks.values()) {
            counts.merge(task.status(), 1L, Long::sum);
            byProblem.merge(task.problemId(), 1L, Long::sum);
            if (task.workerId() != null) {
              byWorker.merge(task.workerId(), 1L, Long::sum);
            }
            if (task.startedAt() != null) {
              waits++;
              waitNanos += Duration.between(task.createdAt(), task.startedAt()).toNanos();
            }
            if (task.status() == TaskStatus.COMPLETED && task.startedAt() != null) {
              executions++;
              executionNanos += Duration.between(task.startedAt(), task.completedAt()).toNanos();
            }
            if (task.status() == TaskStatus.PENDING
                && (oldestPending == null || task.createdAt().isBefore(oldestPending))) {
              oldestPending = task.createdAt();
            }
          }
          return new TaskStatistics(
              counts,
              executions == 0 ? null : executionNanos / 1e9 / executions,
              waits == 0 ? null : waitNanos / 1e9 / waits,
              byProblem,
              byWorker,
              oldestPending);
        });
  }

  @Override
  public List<Task> reapExpiredLeases(int limit) {
    return store.locked(
        () -> {
          Instant now = store.now();
          return store.tasks.values().stream()
              .filter(task -> task.status() == TaskStatus.RUNNING)
              .filter(task -> !task.lease().expiresAt().isAfter(now))
              .sorted(byLeaseExpiry())
              .limit(limit)
              .toList()
              .stream()
              .map(task -> handBack(task, "lease expired"))
              .toList();
        });
  }

  @Override
  public List<Task> timeOutOverdue(int limit) {
    return store.locked(
        () -> {
          Instant now = store.now();
          return store.tasks.values().stream()
              .filter(task -> task.status() == TaskStatus.RUNNING)
              .filter(task -> !task.lease().expiresAt().isAfter(now))
              .filter(task -> !task.deadline().orElseThrow().isAfter(now))
              .sorted(byLeaseExpiry())
              .limit(limit)
              .toList()
              .stream()
              .map(task -> end(task, TaskStatus.TIMEOUT, null, task.timeoutMessage()))
              .toList();
        });
  }

  private static Comparator<Task> byLeaseExpiry() {
    return Comparator.comparing((Task task) -> task.lease().expiresAt())
        .thenComparing(Task::id, TASK_ID_ORDER);
  }

  @Override
  public int deleteFinishedBefore(Instant cutoff, int limit) {
    return store.locked(
        () -> {
          List<Task> doomed =
              store.tasks.values().stream()
                  .filter(task -> task.status().isFinal())
                  .filter(task -> task.completedAt() != null)
                  .filter(task -> task.completedAt().isBefore(cutoff))
                  .sorted(
                      Comparator.comparing(Task::completedAt)
                          .thenComparing(Task::id, TASK_ID_ORDER))
                  .limit(limit)
                  .toList();
          for (Task task : doomed) {
            store.tasks.remove(task.id());
            store.logs.remove(task.id());
            store.idempotencyKeys.values().removeIf(key -> key.taskId().equals(task.id()));
            var conversations =
                store.conversations.values().stream()
                    .filter(conversation -> conversation.taskId().equals(task.id()))
                    .map(conversation -> conversation.id())
                    .toList();
            conversations.forEach(
                id -> {
                  store.conversations.remove(id);
                  store.messages.remove(id);
                });
          }
          return doomed.size();
        });
  }

  /** The task when {@code ref} names its current lease; null when the lease is stale. */
  private Task current(LeaseRef ref) {
    Task task = store.tasks.get(ref.taskId());
    if (task == null || task.status() != TaskStatus.RUNNING || task.lease() == null) {
      return null;
    }
    return task.lease().token().equals(ref.token()) ? task : null;
  }

  private static Task withLease(Task task, Lease lease) {
    return new Task(
        task.id(),
        task.problemId(),
        task.status(),
        task.parameters(),
        task.priority(),
        task.backendType(),
        task.timeoutMinutes(),
        task.workerId(),
        task.attempt(),
        task.maxAttempts(),
        lease,
        task.result(),
        task.errorDetails(),
        task.createdAt(),
        task.updatedAt(),
        task.startedAt(),
        task.completedAt());
  }
}
