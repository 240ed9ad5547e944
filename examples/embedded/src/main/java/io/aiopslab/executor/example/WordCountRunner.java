package io.aiopslab.executor.example;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.spi.TaskRunner;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host's own kind of task: count the words of {@code parameters.text}. Everything a runner does
 * is here — read the task, report logs and progress, look at the stop signal, return one outcome.
 */
final class WordCountRunner implements TaskRunner {

  @Override
  public String name() {
    return "word-count";
  }

  @Override
  public RunOutcome run(RunRequest request, RunEvents events) {
    if (!(request.task().parameters().get("text") instanceof String text)) {
      // A failure of the task, not of the runner: return it, never throw it.
      return new RunOutcome.Failed(null, "parameters.text must be a string");
    }
    events.log(LogLevel.INFO, "Counting words", Map.of("characters", text.length()));
    Map<String, Long> counts = new TreeMap<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (request.stop().isStopped()) {
        // Cancel, timeout or shutdown: stop now; the executor decides what happens to the task.
        return new RunOutcome.Stopped(request.stop().reason().orElseThrow());
      }
      if (!word.isEmpty()) {
        counts.merge(word, 1L, Long::sum);
      }
    }
    long words = counts.values().stream().mapToLong(Long::longValue).sum();
    events.progress(Map.of("words", words));
    String top =
        counts.entrySet().stream()
            .max(
                Map.Entry.<String, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
            .map(Map.Entry::getKey)
            .orElse("");
    // The result is stored with the task as JSON: maps, lists, strings, numbers, booleans.
    return new RunOutcome.Succeeded(
        Map.of("words", words, "distinct", counts.size(), "most_frequent", top));
  }
}
