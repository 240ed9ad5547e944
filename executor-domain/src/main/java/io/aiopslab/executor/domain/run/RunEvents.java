package io.aiopslab.executor.domain.run;

import io.aiopslab.executor.domain.log.LogLevel;
import java.util.Map;

/** What a runner reports while it runs. Implementations buffer; calls are cheap and thread-safe. */
public interface RunEvents {

  void log(LogLevel level, String message, Map<String, Object> context);

  /** One conversation turn (system prompt, observation, action, ...) with its metadata. */
  void message(String role, String content, Map<String, Object> metadata);

  /** Free-form progress, e.g. {@code {"step": 3, "of": 10}}; kept as a debug log entry. */
  void progress(Map<String, Object> progress);

  /** Model name and configuration of the conversation, when the runner learns them. */
  default void conversationConfig(String modelName, Map<String, Object> llmConfig) {}

  /** Tokens the LLM consumed so far in this attempt (cumulative). */
  default void tokensUsed(long totalTokens) {}

  RunEvents NONE =
      new RunEvents() {
        @Override
        public void log(LogLevel level, String message, Map<String, Object> context) {}

        @Override
        public void message(String role, String content, Map<String, Object> metadata) {}

        @Override
        public void progress(Map<String, Object> progress) {}
      };
}
