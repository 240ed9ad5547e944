package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what the runner of one attempt reports: log lines and progress go to the task log,
 * messages to the attempt's conversation, all through the shared {@link OutputBuffer}. The
 * conversation row is created on the first message only (many runs have none) and ended when the
 * attempt ends. A runaway attempt is cut at the limits; what was dropped is counted and reported in
 * one warning line at the end. Events after the end are ignored.
 */
final class ExecutionRecorder implements RunEvents {

  /** Per-attempt bounds of what a runner may write. */
  record Limits(int maxLogLines, int maxMessages) {
    static final Limits DEFAULT = new Limits(10_000, 5_000);

    Limits {
      if (maxLogLines < 1 || maxMessages < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private final RunRequest request;
  private final OutputBuffer buffer;
  private final Clock clock;
  private final Limits limits;
  private final AtomicInteger logLines = new AtomicInteger();
  private final AtomicInteger droppedLogLines = new AtomicInteger();
  private int messages; // guarded by this
  private int droppedMessages; // guarded by this
  private boolean conversationStarted; // guarded by this
  private String modelName;
  private Map<String, Object> llmConfig;
  private volatile long totalTokens;
  private volatile boolean closed;

  ExecutionRecorder(RunRequest request, OutputBuffer buffer, Clock clock, Limits limits) {
    this.request = request;
    this.buffer = buffer;
    this.clock = clock;
    this.limits = limits;
    this.modelName = modelOf(request.task().parameters());
    Object agentConfig = request.task().parameters().get("agent_config");
    this.llmConfig = agentConfig instanceof Map<?, ?> map ? cast(map) : Map.of();
  }

  @Override
  public void log(LogLevel level, String message, Map<String, Object> context) {
    if (closed) {
      return;
    }
    if (logLines.incrementAndGet() > limits.maxLogLines()) {
      droppedLogLines.incrementAndGet();
      return;
    }
    buffer.log(
        new LogEntry(
            null,
            request.task().id(),
            clock.instant(),
            level == null ? LogLevel.INFO : level,
            message == null ? "" : message,
            context));
  }

  @Override
  public synchronized void message(String role, String content, Map<String, Object> metadata) {
    if (closed) {
      return;
    }
    if (messages >= limits.maxMessages()) {
      droppedMessages++;
      return;
    }
    messages++;
    if (!conversationStarted) {
      conversationStarted = true;
      buffer.startConversation(
          new Conversation(
              request.conversationId(),
              request.task().id(),
              request.sessionId(),
              clock.instant(),
              null,
              modelName,
              0,
              0,
              null,
              llmConfig,
              Map.of(
                  "worker_id", request.workerId(),
                  "attempt", request.attempt(),
                  "problem_id", request.task().problemId())));
    }
    buffer.message(
        new ConversationMessage(
            request.conversationId(),
            clock.instant(),
            role == null ? "unknown" : role,
            content,
            metadata));
  }

  @Override
  public void progress(Map<String, Object> progress) {
    log(LogLevel.DEBUG, "Progress", progress);
  }

  @Override
  public synchronized void conversationConfig(String modelName, Map<String, Object> llmConfig) {
    // Only a conversation that has not been written yet can take it (there is no update).
    if (!conversationStarted) {
      if (modelName != null && !modelName.isBlank()) {
        this.modelName = modelName;
      }
      if (llmConfig != null) {
        this.llmConfig = llmConfig;
      }
    }
  }

  @Override
  public void tokensUsed(long totalTokens) {
    this.totalTokens = totalTokens;
  }

  /** Ends the attempt: reports what was dropped and closes the conversation, if there was one. */
  synchronized void close(Boolean success) {
    if (closed) {
      return;
    }
    closed = true;
    int droppedLogs = droppedLogLines.get();
    if (droppedLogs > 0) {
      buffer.log(
          new LogEntry(
              null,
              request.task().id(),
              clock.instant(),
              LogLevel.WARNING,
              "Dropped "
                  + droppedLogs
                  + " log lines beyond the limit of "
                  + limits.maxLogLines()
                  + " per task",
              Map.of("dropped", droppedLogs, "limit", limits.maxLogLines())));
    }
    if (droppedMessages > 0) {
      buffer.log(
          new LogEntry(
              null,
              request.task().id(),
              clock.instant(),
              LogLevel.WARNING,
              "Dropped "
                  + droppedMessages
                  + " conversation messages beyond the limit of "
                  + limits.maxMessages()
                  + " per task",
              Map.of("dropped", droppedMessages, "limit", limits.maxMessages())));
    }
    if (conversationStarted) {
      buffer.endConversation(
          new ConversationEnd(request.conversationId(), clock.instant(), success, totalTokens));
    }
  }

  static String modelOf(Map<String, Object> parameters) {
    if (parameters.get("agent_config") instanceof Map<?, ?> config
        && config.get("model") instanceof String model
        && !model.isBlank()) {
      return model;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
