package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps every event a runner reports, in order, for assertions. */
final class RecordingEvents implements RunEvents {
  record Log(LogLevel level, String message, Map<String, Object> context) {}

  record Message(String role, String content, Map<String, Object> metadata) {}

  record Config(String model, Map<String, Object> llmConfig) {}

  final List<Log> logs = new CopyOnWriteArrayList<>();
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<Map<String, Object>> progress = new CopyOnWriteArrayList<>();
  final List<Config> configs = new CopyOnWriteArrayList<>();
  final AtomicLong tokens = new AtomicLong(-1);

  @Override
  public void log(LogLevel level, String message, Map<String, Object> context) {
    logs.add(new Log(level, message, context));
  }

  @Override
  public void message(String role, String content, Map<String, Object> metadata) {
    messages.add(new Message(role, content, metadata));
  }

  @Override
  public void progress(Map<String, Object> progress) {
    this.progress.add(progress);
  }

  @Override
  public void conversationConfig(String modelName, Map<String, Object> llmConfig) {
    configs.add(new Config(modelName, llmConfig));
  }

  @Override
  public void tokensUsed(long totalTokens) {
    tokens.set(totalTokens);
  }

  List<String> logMessages(LogLevel level) {
    return logs.stream().filter(l -> l.level() == level).map(Log::message).toList();
  }
}
