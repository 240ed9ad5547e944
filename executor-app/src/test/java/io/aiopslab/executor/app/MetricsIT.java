package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /metrics as Prometheus scrapes it. */
class MetricsIT {
  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.startOnOwnDatabase("metrics", Map.of());
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void metricsShowTheQueueWorkersRequestsTasksPoolAndJvm() {
    String id = api.submit(Tasks.simulated("metrics-1", 0, "success")).get("id").asText();
    Eventually.await(
        "the task completes", Duration.ofSeconds(15), () -> api.status(id), "completed"::equals);

    String metrics =
        Eventually.await(
            "the queue gauge counts the completed task",
            Duration.ofSeconds(5),
            () -> api.get("/metrics").body(),
            text -> value(text, "task_queue_size{status=\"completed\"}") == 1.0);
    for (String status : new String[] {"pending", "running", "failed", "timeout", "cancelled"}) {
      assertTrue(value(metrics, "task_queue_size{status=\"" + status + "\"}") == 0.0, status);
    }
    assertTrue(value(metrics, "worker_count{status=\"idle\"}") >= 0, metrics);
    assertTrue(metrics.contains("worker_count{status=\"busy\"}"), metrics);
    assertTrue(value(metrics, "executor_tasks_submitted_total") >= 1.0, metrics);
    assertTrue(value(metrics, "executor_tasks_finished_total{status=\"completed\"}") == 1.0);
    assertTrue(metrics.contains("executor_task_wait_seconds_bucket"), metrics);
    assertTrue(metrics.contains("executor_task_run_seconds_bucket"), metrics);
    assertTrue(metrics.contains("executor_queue_oldest_pending_seconds"), metrics);
    // The route template, never the raw id.
    assertTrue(
        Pattern.compile(
                "http_requests_total\\{endpoint=\"/api/v1/tasks/\\{task_id}\",method=\"GET\",status=\"200\"} ")
            .matcher(metrics)
            .find(),
        metrics);
    assertTrue(metrics.contains("http_request_duration_seconds_bucket"), metrics);
    assertFalse(metrics.contains(id), "a task id leaked into a label");
    assertTrue(metrics.contains("hikaricp_connections"), metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
    assertTrue(metrics.contains("jvm_threads_live_threads"), metrics);
  }

  /** The value of the sample whose name and labels are exactly {@code series}; NaN when absent. */
  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
