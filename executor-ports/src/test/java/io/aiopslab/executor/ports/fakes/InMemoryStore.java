package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One in-memory store behind every driven port: tasks, workers, logs and conversations share one
 * lock, so an operation that spans them (a transition and its lifecycle log entry) is atomic, as it
 * is in one database transaction. Time is the store's {@link MutableClock}: leases, deadlines,
 * heartbeats and timestamps all read it.
 *
 * <p>Stored JSON trees (parameters, results, contexts) are deep-copied in and handed out
 * unmodifiable, so a caller can never change the store by mutating what it got back.
 */
public final class InMemoryStore {

  /**
   * UUIDs in PostgreSQL's order (unsigned bytes), which is not {@link UUID#compareTo} (signed
   * halves): ties broken "by id" come out the same in the fake and in the database.
   */
  public static final Comparator<UUID> UUID_ORDER =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  public static final Comparator<TaskId> TASK_ID_ORDER =
      Comparator.comparing(TaskId::value, UUID_ORDER);

  private final Object lock = new Object();
  private final MutableClock clock;

  // Guarded by lock.
  final Map<TaskId, Task> tasks = new HashMap<>();
  final Map<String, IdempotencyKey> idempotencyKeys = new HashMap<>();
  final Map<String, Worker> workers = new TreeMap<>();
  final Map<TaskId, List<LogEntry>> logs = new HashMap<>();
  final Map<UUID, Conversation> conversations = new LinkedHashMap<>();
  final Map<UUID, List<ConversationMessage>> messages = new HashMap<>();
  private long nextLogId = 1;

  private final List<QueueNotifications.Listener> listeners = new CopyOnWriteArrayList<>();

  private final InMemoryTaskQueue queue;
  private final InMemoryWorkerRegistry workerRegistry;
  private final InMemoryTaskLogs taskLogs;
  private final InMemoryConversations conversationStore;
  private final InMemoryQueueNotifications notifications;

  public InMemoryStore() {
    this(new MutableClock());
  }

  public InMemoryStore(MutableClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queue = new InMemoryTaskQueue(this);
    this.workerRegistry = new InMemoryWorkerRegistry(this);
    this.taskLogs = new InMemoryTaskLogs(this);
    this.conversationStore = new InMemoryConversations(this);
    this.notifications = new InMemoryQueueNotifications(this);
  }

  public MutableClock clock() {
    return clock;
  }

  public InMemoryTaskQueue queue() {
    return queue;
  }

  public InMemoryWorkerRegistry workers() {
    return workerRegistry;
  }

  public InMemoryTaskLogs logs() {
    return taskLogs;
  }

  public InMemoryConversations conversations() {
    return conversationStore;
  }

  public InMemoryQueueNotifications notifications() {
    return notifications;
  }

  /** Runs {@code action} holding the store's one lock. */
  <T> T locked(Supplier<T> action) {
    synchronized (lock) {
      return action.get();
    }
  }

  void lockedRun(Runnable action) {
    synchronized (lock) {
      action.run();
    }
  }

  Instant now() {
    return clock.instant();
  }

  /** Appends one entry to a task's log; callers hold the lock. */
  LogEntry appendLog(LogEntry entry) {
    var stored =
        new LogEntry(
            nextLogId++,
            entry.taskId(),
            entry.timestamp(),
            entry.level(),
            entry.message(),
            frozen(entry.context()));
    logs.computeIfAbsent(entry.taskId(), id -> new ArrayList<>()).add(stored);
    return stored;
  }

  /** A lifecycle entry at the store's time; callers hold the lock. */
  void lifecycleLog(TaskId taskId, LogLevel level, String message, Map<String, Object> context) {
    appendLog(new LogEntry(null, taskId, now(), level, message, context));
  }

  void addListener(QueueNotifications.Listener listener) {
    listeners.add(listener);
  }

  void removeListener(QueueNotifications.Listener listener) {
    listeners.remove(listener);
  }

  /** Fires listeners synchronously; call it after releasing the lock. */
  void fire(Consumer<QueueNotifications.Listener> event) {
    for (var listener : listeners) {
      event.accept(listener);
    }
  }

  /** A deep, unmodifiable copy of a JSON tree (null stays null). */
  @SuppressWarnings("unchecked")
  static <T> T frozen(T value) {
    if (value instanceof Map<?, ?> map) {
      var copy = new LinkedHashMap<String, Object>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), frozen(v)));
      return (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      var copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(frozen(v)));
      return (T) Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** The fingerprint an idempotency key was first used with, and the task it created. */
  record IdempotencyKey(TaskId taskId, String fingerprint) {}
}
