package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.conversation.Conversation;
import io.aiopslab.executor.domain.conversation.ConversationEnd;
import io.aiopslab.executor.domain.conversation.ConversationMessage;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.TaskLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log buffer and the message buffer of all executions of this node: runners append without
 * waiting for the store, one flusher thread writes everything pending in batches every {@code
 * interval} or as soon as {@code threshold} items wait. Bounding per task is the recorder's job.
 *
 * <p>Ordering: a conversation's start, messages and end are enqueued in that order by one
 * execution; a flush writes all starts, then all messages, then all ends it drained, which keeps
 * that order. {@link #flush()} may also be called by the completer before it finishes tasks, so a
 * task's own log lines come before the queue's "Task completed".
 */
final class OutputBuffer {
  private static final System.Logger LOG = System.getLogger(OutputBuffer.class.getName());
  private static final int WRITE_CHUNK = 5_000;

  private final TaskLogs logs;
  private final Conversations conversations;
  private final int threshold;
  private final BackgroundLoop flusher;
  private final ConcurrentLinkedQueue<LogEntry> pendingLogs = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ConversationOp> pendingOps = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final ReentrantLock flushing = new ReentrantLock();

  OutputBuffer(TaskLogs logs, Conversations conversations, Duration interval, int threshold) {
    this.logs = logs;
    this.conversations = conversations;
    this.threshold = threshold;
    this.flusher = new BackgroundLoop("executor-output-flusher", interval, this::flush);
  }

  void start() {
    flusher.start();
  }

  /** Stops the flusher, then writes whatever is still pending. */
  void stop() {
    flusher.stop();
    flush();
  }

  void log(LogEntry entry) {
    pendingLogs.add(entry);
    added();
  }

  void startConversation(Conversation conversation) {
    pendingOps.add(new ConversationOp.Start(conversation));
    added();
  }

  void message(ConversationMessage message) {
    pendingOps.add(new ConversationOp.Message(message));
    added();
  }

  void endConversation(ConversationEnd end) {
    pendingOps.add(new ConversationOp.End(end));
    added();
  }

  /** Writes everything enqueued before this call (waiting for a flush already in progress). */
  void flush() {
    flushing.lock();
    try {
      writeLogs();
      writeConversations();
    } finally {
      flushing.unlock();
    }
  }

  private void added() {
    if (pending.incrementAndGet() == threshold) {
      flusher.wake();
    }
  }

  private void writeLogs() {
    List<LogEntry> batch = new ArrayList<>();
    for (LogEntry entry; (entry = pendingLogs.poll()) != null; ) {
      batch.add(entry);
    }
    if (batch.isEmpty()) {
      return;
    }
    pending.addAndGet(-batch.size());
    for (int from = 0; from < batch.size(); from += WRITE_CHUNK) {
      List<LogEntry> chunk = batch.subList(from, Math.min(batch.size(), from + WRITE_CHUNK));
      try {
        logs.append(List.copyOf(chunk));
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Could not write " + chunk.size() + " task log entries; they are lost",
            e);
      }
    }
  }

  private void writeConversations() {
    List<ConversationOp> batch = new ArrayList<>();
    for (ConversationOp op; (op = pendingOps.poll()) != null; ) {
      batch.add(op);
    }
    if (batch.isEmpty()) {
      return;
    }
    pending.addAndGet(-batch.size());
    List<ConversationMessage> messages = new ArrayList<>();
    for (ConversationOp op : batch) {
      switch (op) {
        case ConversationOp.Start start ->
            guarded("start a conversation", 1, () -> conversations.start(start.conversation()));
        case ConversationOp.Message message -> messages.add(message.message());
        case ConversationOp.End ignored -> {}
      }
    }
    if (!messages.isEmpty()) {
      guarded("write conversation messages", messages.size(), () -> conversations.append(messages));
    }
    for (ConversationOp op : batch) {
      if (op instanceof ConversationOp.End end) {
        guarded("end a conversation", 1, () -> conversations.end(end.end()));
      }
    }
  }

  private static void guarded(String what, int count, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not " + what + " (" + count + " items lost)", e);
    }
  }

  private sealed interface ConversationOp {
    record Start(Conversation conversation) implements ConversationOp {}

    record Message(ConversationMessage message) implements ConversationOp {}

    record End(ConversationEnd end) implements ConversationOp {}
  }
}
