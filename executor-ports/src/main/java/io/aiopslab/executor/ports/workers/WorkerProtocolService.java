package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.LeaseRef;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.Worker;
import io.aiopslab.executor.domain.worker.WorkerConflict;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.RequestParameters;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worker protocol over the queue and the registry. An external worker's lease lasts one
 * heartbeat timeout and is renewed by its heartbeats; complete and fail are fenced on the lease of
 * the attempt the worker holds, so a stale attempt is refused with a conflict.
 */
public final class WorkerProtocolService implements WorkerProtocol {

  public static final int MAX_LOGS_PER_REQUEST = 1000;

  private final TaskQueue queue;
  private final WorkerRegistry registry;
  private final TaskLogs logs;
  private final TaskEvents events;
  private final Clock clock;
  private final Duration heartbeatTimeout;

  /**
   * @param events also where this service listens for cancels, to free the cancelled task's worker
   */
  public WorkerProtocolService(
      TaskQueue queue,
      WorkerRegistry registry,
      TaskLogs logs,
      TaskEvents events,
      Clock clock,
      Duration heartbeatTimeout) {
    this.queue = queue;
    this.registry = registry;
    this.logs = logs;
    this.events = events;
    this.clock = clock;
    this.heartbeatTimeout = heartbeatTimeout;
    events.add(new ReleaseOnCancel(queue, registry));
  }

  @Override
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  @Override
  public Registration register(Object body) {
    Map<String, Object> fields = RequestParameters.object(body, "body");
    String workerId = RequestParameters.requiredString(fields, "worker_id", "worker_id", 128);
    if (!Worker.isValidId(workerId)) {
      throw ValidationFailed.of("worker_id", "must match " + Worker.ID_PATTERN.pattern());
    }
    String backendType =
        RequestParameters.requiredString(fields, "backend_type", "backend_type", 100);
    Map<String, Object> capabilities =
        RequestParameters.optionalObject(fields, "capabilities", "capabilities");
    Map<String, Object> metadata = RequestParameters.optionalObject(fields, "metadata", "metadata");
    // A re-registering worker starts over: whatever it held goes back to the queue.
    handBackAll(workerId, "worker " + workerId + " re-registered");
    WorkerRegistry.Registered registered =
        registry.register(new WorkerRegistration(workerId, backendType, capabilities, metadata));
    return new Registration(registered.worker(), registered.created());
  }

  @Override
  public HeartbeatReply heartbeat(String workerId, Object body) {
    requireWorker(workerId);
    Map<String, Object> fields = RequestParameters.object(body, "body");
    Object rawStatus = fields.get("status");
    if (rawStatus == null) {
      throw ValidationFailed.of("status", "field required");
    }
    WorkerStatus status =
        (rawStatus instanceof String s
                ? WorkerStatus.fromWireName(s)
                : Optional.<WorkerStatus>empty())
            .filter(st -> st != WorkerStatus.OFFLINE)
            .orElseThrow(() -> ValidationFailed.of("status", "must be one of idle, busy"));
    TaskId current = optionalTaskId(fields.get("current_task_id"), "current_task_id");

    if (status == WorkerStatus.BUSY && current == null) {
      throw new WorkerConflict(workerId, "Worker " + workerId + " reports busy without a task");
    }
    if (status == WorkerStatus.IDLE && current != null) {
      throw new WorkerConflict(workerId, "Worker " + workerId + " reports idle with a task");
    }
    if (status == WorkerStatus.IDLE) {
      handBackAll(workerId, "worker " + workerId + " reported idle");
      return new HeartbeatReply(registry.heartbeat(workerId, WorkerStatus.IDLE, null), false);
    }
    Task task = queue.find(current).orElseThrow(() -> neverHeld(workerId, current));
    // A hand-back clears worker_id, so a task handed back (and maybe re-claimed by another
    // worker) is recognised by its claim in the log: it was finalised for this worker.
    if (!workerId.equals(task.workerId()) && !claimedBy(task.id(), workerId)) {
      throw neverHeld(workerId, current);
    }
    // Renew every task the worker holds: one with max_parallel_tasks > 1 names only one of them.
    List<Task> held = queue.runningOf(workerId);
    Set<LeaseRef> renewed =
        held.isEmpty()
            ? Set.of()
            : queue.renew(
                held.stream().flatMap(t -> t.leaseRef().stream()).toList(), heartbeatTimeout);
    List<Task> stillHeld =
        held.stream().filter(t -> t.leaseRef().map(renewed::contains).orElse(false)).toList();
    if (stillHeld.stream().anyMatch(t -> t.id().equals(current))) {
      return new HeartbeatReply(registry.heartbeat(workerId, WorkerStatus.BUSY, current), false);
    }
    // The task was finalised or taken away meanwhile: tell the worker to stop it.
    Worker after =
        stillHeld.isEmpty()
            ? registry.heartbeat(workerId, WorkerStatus.IDLE, null)
            : registry.heartbeat(workerId, WorkerStatus.BUSY, stillHeld.getFirst().id());
    return new HeartbeatReply(after, true);
  }

  @Override
  public Optional<Task> claim(String workerId) {
    Worker worker = requireWorker(workerId);
    if (queue.runningOf(workerId).size() >= worker.maxParallelTasks()) {
      registry.heartbeat(workerId, WorkerStatus.BUSY, worker.currentTaskId());
      return Optional.empty();
    }
    List<Task> claimed =
        queue.claim(new ClaimRequest(List.of(workerId), worker.backendType(), heartbeatTimeout));
    if (claimed.isEmpty()) {
      if (worker.status() == WorkerStatus.OFFLINE) {
        registry.heartbeat(workerId, WorkerStatus.IDLE, null);
      }
      return Optional.empty();
    }
    Task task = claimed.getFirst();
    registry.assigned(workerId, task.id());
    events.started(claimed);
    return Optional.of(task);
  }

  @Override
  public Task complete(String workerId, String taskId, Object body) {
    Map<String, Object> result = RequestParameters.object(body, "body");
    return finish(workerId, taskId, lease -> Finish.completed(lease, result));
  }

  @Override
  public Task fail(String workerId, String taskId, Object body) {
    Map<String, Object> fields = body == null ? Map.of() : RequestParameters.object(body, "body");
    Object error = fields.get("error");
    String details = error instanceof String s && !s.isBlank() ? s : "Task failed by worker";
    return finish(workerId, taskId, lease -> Finish.failed(lease, fields, details));
  }

  @Override
  public int appendLogs(String workerId, String taskId, Object body) {
    Task task = heldTask(workerId, taskId);
    Map<String, Object> fields = RequestParameters.object(body, "body");
    Object rawLogs = fields.get("logs");
    if (rawLogs == null) {
      throw ValidationFailed.of("logs", "field required");
    }
    if (!(rawLogs instanceof List<?> items)) {
      throw ValidationFailed.of("logs", "must be an array");
    }
    if (items.size() > MAX_LOGS_PER_REQUEST) {
      throw ValidationFailed.of("logs", "must contain at most " + MAX_LOGS_PER_REQUEST + " items");
    }
    var entries = new ArrayList<LogEntry>(items.size());
    var errors = new ArrayList<ValidationFailed.FieldError>();
    for (int i = 0; i < items.size(); i++) {
      String field = "logs[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        errors.add(new ValidationFailed.FieldError(field, "must be an object"));
        continue;
      }
      Object rawLevel = item.get("level");
      LogLevel level = LogLevel.INFO;
      if (rawLevel != null) {
        Optional<LogLevel> parsed =
            rawLevel instanceof String s ? LogLevel.fromWireName(s) : Optional.empty();
        if (parsed.isEmpty()) {
          errors.add(
              new ValidationFailed.FieldError(
                  field + ".level", "must be one of debug, info, warning, error, critical"));
          continue;
        }
        level = parsed.get();
      }
      if (!(item.get("message") instanceof String message)) {
        errors.add(new ValidationFailed.FieldError(field + ".message", "must be a string"));
        continue;
      }
      Object context = item.get("context");
      if (context != null && !(context instanceof Map)) {
        errors.add(new ValidationFailed.FieldError(field + ".context", "must be an object"));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> contextMap = (Map<String, Object>) context;
      entries.add(new LogEntry(null, task.id(), clock.instant(), level, message, contextMap));
    }
    if (!errors.isEmpty()) {
      throw new ValidationFailed(errors);
    }
    if (!entries.isEmpty()) {
      logs.append(entries);
    }
    return entries.size();
  }

  private Task finish(
      String workerId, String taskId, java.util.function.Function<LeaseRef, Finish> finish) {
    Task task = heldTask(workerId, taskId);
    LeaseRef lease = task.leaseRef().orElseThrow(() -> notHeld(workerId, task.id()));
    List<Task> changed = queue.finish(List.of(finish.apply(lease)));
    if (changed.isEmpty()) {
      throw notHeld(workerId, task.id()); // lost a race: cancelled, timed out or handed back
    }
    Task done = changed.getFirst();
    registry.released(workerId, done.id(), done.status());
    stayBusyWhileHolding(queue, registry, workerId);
    events.changed(changed);
    return done;
  }

  /** The running task this worker holds, else 404 (unknown) or 409 (not held). */
  private Task heldTask(String workerId, String taskId) {
    requireWorker(workerId);
    TaskId id = TaskId.parse(taskId).orElseThrow(() -> new TaskNotFound(taskId));
    Task task = queue.find(id).orElseThrow(() -> new TaskNotFound(id));
    if (task.status() != TaskStatus.RUNNING || !workerId.equals(task.workerId())) {
      throw notHeld(workerId, id);
    }
    return task;
  }

  private static WorkerConflict neverHeld(String workerId, TaskId taskId) {
    return new WorkerConflict(workerId, "Worker " + workerId + " never held task " + taskId);
  }

  /** Whether the task's log shows a claim by this worker (info entries, newest 1000). */
  private boolean claimedBy(TaskId taskId, String workerId) {
    String prefix = "Task claimed by " + workerId + " (attempt ";
    return logs.list(taskId, LogLevel.INFO, MAX_LOGS_PER_REQUEST).logs().stream()
        .anyMatch(entry -> entry.message().startsWith(prefix));
  }

  /**
   * {@code released} idles a worker whose current task ended; one still holding another task shows
   * busy with it (API.md: a worker holding at least one running task shows busy).
   */
  private static void stayBusyWhileHolding(
      TaskQueue queue, WorkerRegistry registry, String workerId) {
    List<Task> held = queue.runningOf(workerId);
    if (held.isEmpty()) {
      return;
    }
    registry
        .find(workerId)
        .filter(worker -> worker.status() == WorkerStatus.IDLE)
        .ifPresent(worker -> registry.assigned(workerId, held.getFirst().id()));
  }

  /**
   * A cancel made through {@link io.aiopslab.executor.ports.tasks.CancelTask} frees the worker that
   * ran the task at once, as complete and fail do (API.md: the server clears a worker's current
   * task whenever its task is finalised).
   */
  private record ReleaseOnCancel(TaskQueue queue, WorkerRegistry registry)
      implements TaskEventListener {
    @Override
    public void finished(Task task) {
      if (task.status() == TaskStatus.CANCELLED && task.workerId() != null) {
        registry.released(task.workerId(), task.id(), task.status());
        stayBusyWhileHolding(queue, registry, task.workerId());
      }
    }
  }

  private static WorkerConflict notHeld(String workerId, TaskId taskId) {
    return new WorkerConflict(
        workerId, "Task " + taskId + " is not running under worker " + workerId);
  }

  private Worker requireWorker(String workerId) {
    return registry.find(workerId).orElseThrow(() -> new WorkerNotFound(workerId));
  }

  private void handBackAll(String workerId, String reason) {
    List<LeaseRef> held =
        queue.runningOf(workerId).stream().flatMap(t -> t.leaseRef().stream()).toList();
    if (held.isEmpty()) {
      return;
    }
    List<Task> changed = queue.handBack(held, reason);
    for (Task task : changed) {
      registry.released(workerId, task.id(), task.status());
    }
    events.changed(changed);
  }

  private static TaskId optionalTaskId(Object raw, String field) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s)) {
      throw ValidationFailed.of(field, "must be a UUID string or null");
    }
    return TaskId.parse(s).orElseThrow(() -> ValidationFailed.of(field, "must be a UUID"));
  }
}
