package io.aiopslab.executor.bench;

import static io.aiopslab.executor.bench.Results.map;

import io.aiopslab.executor.app.ExecutorNode;
import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.ports.tasks.SubmitTasks.SubmitTaskBatch;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.aiopslab.executor.process.SimulatedTaskRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W1 — bulk enqueue of N no-op tasks into an empty queue, no worker claiming. Figure: tasks/s = N /
 * time of the enqueue calls (bodies are built inside the timed loop, as the peers build theirs).
 *
 * <ul>
 *   <li>w1: the library's batch submit ({@code EmbeddedExecutor.submit().submitBatch}), 1,000 per
 *       call, one caller;
 *   <li>w1b: {@code POST /api/v1/tasks/batch}, 1,000 per request, one keep-alive client, against
 *       the whole service in this JVM;
 *   <li>w1c: single {@code POST /api/v1/tasks}, C (16) concurrent keep-alive HTTP/1.1 clients.
 * </ul>
 */
final class EnqueueWorkload {
  private EnqueueWorkload() {}

  static void library(BenchOptions o, ScratchDatabase db, Map<String, Object> out)
      throws Exception {
    int poolSize = 4;
    try (var executor =
        Nodes.library(
            db,
            poolSize,
            Nodes.settings("bench", 0, false),
            new SimulatedTaskRunner(),
            TaskEventListener.NONE)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < o.n(); i += o.batch()) {
        executor
            .submit()
            .submitBatch(
                new SubmitTaskBatch(TaskBodies.noopBatch(i, Math.min(o.n(), i + o.batch()))));
      }
      long elapsed = System.nanoTime() - t0;
      verifyStored(db, o.n());
      out.put(
          "api",
          "EmbeddedExecutor.submit().submitBatch(...) in chunks of "
              + o.batch()
              + " (validation + one multi-row INSERT per chunk)");
      out.put(
          "settings",
          map(
              "batch",
              o.batch(),
              "database_pool_size",
              poolSize,
              "internal_workers",
              0,
              "auto_start_workers",
              false));
      out.put("figures", map("jobs_per_s", Results.perSecond(o.n(), elapsed)));
      out.put("detail", map("elapsed_ms", Results.ms(elapsed)));
    }
  }

  static void restBatch(BenchOptions o, ScratchDatabase db, Map<String, Object> out)
      throws Exception {
    try (ExecutorNode node = Nodes.service(db, idleService())) {
      var uri = node.baseUri();
      var requests = new Latencies();
      long t0;
      long elapsed;
      try (var http = new HttpConnection(uri.getHost(), uri.getPort())) {
        t0 = System.nanoTime();
        for (int i = 0; i < o.n(); i += o.batch()) {
          byte[] body =
              Json.write(TaskBodies.noopBatch(i, Math.min(o.n(), i + o.batch())))
                  .getBytes(StandardCharsets.UTF_8);
          long sent = System.nanoTime();
          var response = http.post("/api/v1/tasks/batch", body);
          requests.add(System.nanoTime() - sent);
          if (response.status() != 201) {
            throw new IllegalStateException(
                "POST /api/v1/tasks/batch answered " + response.status() + ": " + response.text());
          }
        }
        elapsed = System.nanoTime() - t0;
      }
      verifyStored(db, o.n());
      out.put(
          "api",
          "POST /api/v1/tasks/batch, " + o.batch() + " tasks per request, 1 keep-alive client");
      out.put("settings", map("batch", o.batch(), "service", serviceSettings()));
      out.put("figures", map("jobs_per_s", Results.perSecond(o.n(), elapsed)));
      out.put("detail", map("elapsed_ms", Results.ms(elapsed), "request", requests.summary()));
    }
  }

  static void restSingle(BenchOptions o, ScratchDatabase db, Map<String, Object> out)
      throws Exception {
    int clients = o.c();
    try (ExecutorNode node = Nodes.service(db, idleService())) {
      var uri = node.baseUri();
      var next = new AtomicInteger();
      var requests = new Latencies();
      var failure = new AtomicReference<Throwable>();
      var errors = new AtomicLong();
      var ready = new CountDownLatch(clients);
      var go = new CountDownLatch(1);
      var done = new CountDownLatch(clients);
      var threads = new ArrayList<Thread>();
      for (int c = 0; c < clients; c++) {
        threads.add(
            Thread.ofPlatform()
                .name("bench-client-" + c)
                .start(
                    () -> {
                      try (var http = new HttpConnection(uri.getHost(), uri.getPort())) {
                        ready.countDown();
                        go.await();
                        for (int i; (i = next.getAndIncrement()) < o.n(); ) {
                          byte[] body =
                              Json.write(TaskBodies.noop(i)).getBytes(StandardCharsets.UTF_8);
                          long sent = System.nanoTime();
                          var response = http.post("/api/v1/tasks", body);
                          requests.add(System.nanoTime() - sent);
                          if (response.status() != 201) {
                            errors.incrementAndGet();
                            failure.compareAndSet(
                                null,
                                new IllegalStateException(
                                    "POST /api/v1/tasks answered "
                                        + response.status()
                                        + ": "
                                        + response.text()));
                          }
                        }
                      } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                      } finally {
                        done.countDown();
                      }
                    }));
      }
      ready.await();
      long t0 = System.nanoTime();
      go.countDown();
      done.await();
      long elapsed = System.nanoTime() - t0;
      if (failure.get() != null) {
        throw new IllegalStateException(errors.get() + " failed requests", failure.get());
      }
      verifyStored(db, o.n());
      // Tasks stored by one statement share its transaction id: how many inserts the requests
      // shared (ADR 0010).
      long inserts = db.count("SELECT count(DISTINCT xmin::text) FROM tasks");
      out.put(
          "api",
          "POST /api/v1/tasks, one task per request, "
              + clients
              + " concurrent keep-alive HTTP/1.1 clients");
      out.put("settings", map("clients", clients, "service", serviceSettings()));
      out.put("figures", map("jobs_per_s", Results.perSecond(o.n(), elapsed)));
      out.put(
          "detail",
          map(
              "elapsed_ms",
              Results.ms(elapsed),
              "request",
              requests.summary(),
              "insert_statements",
              inserts,
              "tasks_per_insert",
              Results.round((double) o.n() / inserts, 2)));
    }
  }

  /** The service with its pool stopped, so nothing claims while we measure enqueueing. */
  private static Map<String, String> idleService() {
    return Map.of("NUM_INTERNAL_WORKERS", "0", "AUTO_START_WORKERS", "false");
  }

  private static Map<String, Object> serviceSettings() {
    return map(
        "process",
        "ExecutorNode in the benchmark JVM (Grizzly/Jersey, metrics on)",
        "internal_workers",
        0,
        "auto_start_workers",
        false,
        "database_pool_size",
        "20 (default)");
  }

  static void verifyStored(ScratchDatabase db, long n) throws Exception {
    long stored = db.count("SELECT count(*) FROM tasks");
    if (stored != n) {
      throw new IllegalStateException("expected " + n + " tasks stored, found " + stored);
    }
  }
}
