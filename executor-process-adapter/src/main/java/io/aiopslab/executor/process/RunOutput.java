package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.json.JsonParseException;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns a runner process's output into {@link RunEvents}, within bounds: the runner protocol on
 * stdout, stderr lines as warnings, at most {@code maxLogLines} log entries and {@code maxMessages}
 * messages per attempt (then one entry counting what was dropped), and only the last {@value
 * #TAIL_LINES} stderr lines (at most {@value #TAIL_CHARS} characters) kept for the error details.
 * Nothing else is accumulated, so a flooding process costs no memory.
 *
 * <p>Both stream readers call in concurrently; after {@link #close()} nothing more is reported.
 */
final class RunOutput {

  static final int TAIL_LINES = 20;
  static final int TAIL_CHARS = 4096;

  private static final Map<String, Object> STDOUT = Map.of("stream", "stdout");
  private static final Map<String, Object> STDERR = Map.of("stream", "stderr");

  private final RunEvents events;
  private final int maxLineLength;
  private final int maxLogLines;
  private final int maxMessages;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>(TAIL_LINES);
  private long logLines;
  private long messages;
  private long droppedLogLines;
  private long droppedMessages;
  private Map<String, Object> result;
  private boolean closed;

  RunOutput(RunEvents events, ProcessRunnerConfig config) {
    this.events = events;
    this.maxLineLength = config.maxLineLength();
    this.maxLogLines = config.maxLogLines();
    this.maxMessages = config.maxMessages();
  }

  void stdout(byte[] bytes, int kept, long length) {
    if (kept > 0 && bytes[0] == '{' && kept == length) {
      String text = new String(bytes, 0, kept, StandardCharsets.UTF_8);
      Map<String, Object> event = parseEvent(text);
      if (event != null) {
        onEvent(event, text);
        return;
      }
    }
    log(LogLevel.INFO, plain(bytes, kept, length), STDOUT);
  }

  void stderr(byte[] bytes, int kept, long length) {
    String text = plain(bytes, kept, length);
    lock.lock();
    try {
      if (stderrTail.size() == TAIL_LINES) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(text.length() > TAIL_CHARS ? text.substring(0, TAIL_CHARS) : text);
    } finally {
      lock.unlock();
    }
    log(LogLevel.WARNING, text, STDERR);
  }

  /** A log entry of the runner itself (start, exit, kill): never counted against the limit. */
  void note(LogLevel level, String message, Map<String, Object> context) {
    lock.lock();
    try {
      if (!closed) {
        events.log(level, message, context);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The last {@code result} event, if any. */
  Optional<Map<String, Object>> result() {
    lock.lock();
    try {
      return Optional.ofNullable(result);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reports {@code solution.in_tokens + solution.out_tokens} of the result (AIOpsLab's evaluation
   * counts them) as the tokens used, when the result has both.
   */
  void reportResultTokens() {
    Map<String, Object> value = result().orElse(null);
    if (value != null
        && value.get("solution") instanceof Map<?, ?> solution
        && solution.get("in_tokens") instanceof Number in
        && solution.get("out_tokens") instanceof Number out) {
      tokens(in.longValue() + out.longValue());
    }
  }

  /** The last stderr lines, newline-separated, at most {@value #TAIL_CHARS} characters. */
  String stderrTail() {
    lock.lock();
    try {
      String tail = String.join("\n", stderrTail);
      return tail.length() > TAIL_CHARS ? tail.substring(tail.length() - TAIL_CHARS) : tail;
    } finally {
      lock.unlock();
    }
  }

  /** Reports what was dropped (one entry per kind) and lets nothing through afterwards. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (droppedLogLines > 0) {
        events.log(
            LogLevel.WARNING,
            "Dropped "
                + droppedLogLines
                + " log lines over the limit of "
                + maxLogLines
                + " per task",
            Map.of("dropped_log_lines", droppedLogLines, "limit", maxLogLines));
      }
      if (droppedMessages > 0) {
        events.log(
            LogLevel.WARNING,
            "Dropped "
                + droppedMessages
                + " conversation messages over the limit of "
                + maxMessages
                + " per task",
            Map.of("dropped_messages", droppedMessages, "limit", maxMessages));
      }
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  private static Map<String, Object> parseEvent(String text) {
    try {
      Map<String, Object> object = Json.parseObject(text);
      return object.get("event") instanceof String ? object : null;
    } catch (JsonParseException e) {
      return null;
    }
  }

  private void onEvent(Map<String, Object> event, String text) {
    switch ((String) event.get("event")) {
      case "log" -> {
        LogLevel level = level(event.get("level"));
        String message = cut(stringOf(event.get("message")));
        log(level, message, objectOr(event.get("context"), Map.of()));
      }
      case "message" -> {
        if (!(event.get("role") instanceof String role) || role.isBlank()) {
          log(LogLevel.WARNING, "Runner message event without a role: " + cut(text), STDOUT);
          return;
        }
        message(role, stringOf(event.get("content")), objectOr(event.get("metadata"), Map.of()));
      }
      case "progress" -> {
        Map<String, Object> progress = objectOr(event.get("progress"), null);
        if (progress == null) {
          progress = new LinkedHashMap<>(event);
          progress.remove("event");
        }
        if (progress.get("total_tokens") instanceof Number tokens) {
          tokens(tokens.longValue());
        }
        progress(progress);
      }
      case "result" -> {
        Map<String, Object> value = objectOr(event.get("result"), null);
        if (value == null) {
          value = new LinkedHashMap<>(event);
          value.remove("event");
        }
        lock.lock();
        try {
          if (!closed) {
            result = value;
          }
        } finally {
          lock.unlock();
        }
      }
      default -> log(LogLevel.WARNING, "Unknown runner event: " + cut(text), STDOUT);
    }
  }

  private void log(LogLevel level, String message, Map<String, Object> context) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (logLines >= maxLogLines) {
        droppedLogLines++;
        return;
      }
      logLines++;
      events.log(level, message, context);
    } finally {
      lock.unlock();
    }
  }

  private void message(String role, String content, Map<String, Object> metadata) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (messages >= maxMessages) {
        droppedMessages++;
        return;
      }
      messages++;
      events.message(role, content, metadata);
    } finally {
      lock.unlock();
    }
  }

  private void progress(Map<String, Object> progress) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (logLines >= maxLogLines) {
        droppedLogLines++;
        return;
      }
      logLines++;
      events.progress(progress);
    } finally {
      lock.unlock();
    }
  }

  private void tokens(long total) {
    lock.lock();
    try {
      if (!closed) {
        events.tokensUsed(total);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The line as text, cut at {@code maxLineLength} bytes on a character boundary. */
  private String plain(byte[] bytes, int kept, long length) {
    int end = Math.min(kept, maxLineLength);
    if (end < length) {
      end = characterBoundary(bytes, end);
      return new String(bytes, 0, end, StandardCharsets.UTF_8)
          + " [truncated, "
          + length
          + " bytes in total]";
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /** {@code end}, or less so that {@code bytes[0..end)} does not end inside a UTF-8 sequence. */
  static int characterBoundary(byte[] bytes, int end) {
    int start = end;
    while (start > 0 && end - start < 3 && (bytes[start - 1] & 0xC0) == 0x80) {
      start--;
    }
    if (start == 0) {
      return end;
    }
    int lead = bytes[start - 1] & 0xFF;
    int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return start - 1 + size > end ? start - 1 : end;
  }

  private String cut(String text) {
    return text.length() <= maxLineLength
        ? text
        : text.substring(0, maxLineLength) + " [truncated, " + text.length() + " chars in total]";
  }

  private static String stringOf(Object value) {
    return value instanceof String text ? text : value == null ? "" : Json.write(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOr(Object value, Map<String, Object> otherwise) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : otherwise;
  }

  /** Wire names of {@link LogLevel}, leniently: any case, {@code warn}, {@code fatal}. */
  private static LogLevel level(Object value) {
    if (!(value instanceof String text)) {
      return LogLevel.INFO;
    }
    String name = text.toLowerCase(Locale.ROOT);
    return switch (name) {
      case "warn" -> LogLevel.WARNING;
      case "fatal" -> LogLevel.CRITICAL;
      default -> LogLevel.fromWireName(name).orElse(LogLevel.INFO);
    };
  }
}
