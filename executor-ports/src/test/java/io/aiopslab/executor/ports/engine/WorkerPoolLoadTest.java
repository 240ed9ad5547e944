package io.aiopslab.executor.ports.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many zero-duration tasks on 32 slots: each runs exactly once and every slot's counters add up.
 * The rate is printed for information only (tests never assert on speed).
 */
class WorkerPoolLoadTest {

  @Test
  void drainsManyShortTasksEachExactlyOnce() {
    int count = 5_000;
    EngineSettings settings = EngineHarness.settings(32).withAutoStart(false);
    try (EngineHarness h = new EngineHarness(settings).open()) {
      for (int from = 0; from < count; from += 1000) {
        List<NewTask> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          batch.add(EngineHarness.newTask("load-" + (from + i), Map.of()));
        }
        h.store.queue().submit(batch);
      }
      long began = System.nanoTime();
      h.pool.start();
      EngineHarness.await(
          () -> completed(h) == count, "all tasks to complete", Duration.ofSeconds(60));
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          "WorkerPoolLoadTest: %d tasks in %.2f s = %.0f tasks/s (in-memory store)%n",
          count, seconds, count / seconds);

      assertEquals(count, h.runner.started.size());
      assertEquals(count, h.runner.startedIds().stream().distinct().count());
      var counts = h.store.queue().statistics().countsByStatus();
      assertEquals(count, counts.get(TaskStatus.COMPLETED));
      assertEquals(0, counts.get(TaskStatus.RUNNING));
      assertEquals(0, counts.get(TaskStatus.PENDING));
    }
  }

  private static long completed(EngineHarness h) {
    return h.pool.snapshots().values().stream().mapToLong(WorkerSnapshot::tasksCompleted).sum();
  }
}
