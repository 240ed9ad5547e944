package io.aiopslab.executor.bench;

import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.conversations.ConversationQueryService;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.health.HealthService;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import io.aiopslab.executor.ports.workers.LiveWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocolService;
import io.aiopslab.executor.ports.workers.WorkerQueryService;
import io.aiopslab.executor.rest.RestApi;
import io.aiopslab.executor.rest.RestDependencies;
import io.aiopslab.executor.rest.RestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained {@code POST /api/v1/tasks} against the real HTTP adapter (Jersey on Grizzly) and the
 * real task service over the in-memory fakes: N clients, each one HTTP/1.1 keep-alive connection,
 * each sending its next request when the previous answer arrived (closed loop). Reports requests/s
 * and latency percentiles of the measured window (after a warm-up).
 *
 * <p>{@code --client socket} (default) is a minimal blocking HTTP/1.1 client, so the client costs
 * little of the shared CPU; {@code --client jdk} uses {@code java.net.http.HttpClient} (HTTP/1.1).
 *
 * <pre>
 * ./mvnw -q -pl executor-bench -am package dependency:build-classpath \
 *   -Dmdep.outputFile=target/classpath.txt -DskipTests
 * $JAVA_HOME/bin/java -Xms1g -Xmx1g -XX:+UseParallelGC \
 *   -cp "$(cat executor-bench/target/classpath.txt):executor-bench/target/classes" \
 *   io.aiopslab.executor.bench.RestSubmitBench --clients 16 --warmup 5 --seconds 20
 * </pre>
 */
public final class RestSubmitBench {

  private static final String BODY =
      "{\"problem_id\": \"k8s_target_port-misconfig-detection-1\","
          + " \"parameters\": {\"max_steps\": 10, \"agent_config\": {\"model\": \"gpt-4o\"}},"
          + " \"priority\": 5}";

  private static final java.util.concurrent.atomic.LongAdder REQUESTS =
      new java.util.concurrent.atomic.LongAdder();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
    int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
    String clientKind = options.getOrDefault("client", "socket");

    try (RestServer server =
        RestServer.start("127.0.0.1", 0, RestApi.resourceConfig(overFakes()))) {
      int port = server.port();
      long start = System.nanoTime();
      long measureFrom = start + Duration.ofSeconds(warmupSeconds).toNanos();
      long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
      var latencies = new long[clients][];
      var errors = new AtomicLong();
      var done = new CountDownLatch(clients);
      HttpClient jdk =
          clientKind.equals("jdk")
              ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
              : null;
      for (int c = 0; c < clients; c++) {
        int index = c;
        Thread.ofPlatform()
            .name("bench-client-" + c)
            .start(
                () -> {
                  try {
                    latencies[index] =
                        jdk == null
                            ? runSocketClient(port, measureFrom, end, errors)
                            : runJdkClient(jdk, port, measureFrom, end, errors);
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    latencies[index] = new long[0];
                    e.printStackTrace();
                  } finally {
                    done.countDown();
                  }
                });
      }
      done.await();
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      double rate = all.length / (double) seconds;
      System.out.printf(
          "RestSubmitBench client=%s clients=%d warmup=%ds measured=%ds cores=%d%n",
          clientKind, clients, warmupSeconds, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "requests=%d errors=%d throughput=%.0f req/s%n", all.length, errors.get(), rate);
      System.out.printf(
          "latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n",
          percentile(all, 50),
          percentile(all, 90),
          percentile(all, 99),
          percentile(all, 99.9),
          all.length == 0 ? 0 : all[all.length - 1] / 1e6);
      if (jdk != null) {
        jdk.close();
      }
    }
  }

  /** The real services over the in-memory store, as the tests wire them. */
  public static RestDependencies overFakes() {
    var store = new InMemoryStore();
    Clock clock = store.clock();
    var events = new TaskEvents((message, e) -> {});
    var tasks =
        new TaskService(
            store.queue(),
            store.logs(),
            new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
            events);
    ControlWorkers pool =
        new ControlWorkers() {
          @Override
          public PoolStatus status() {
            return new PoolStatus(false, 0, Map.of());
          }

          @Override
          public ScaleResult scale(String numWorkers) {
            return new ScaleResult(0, 0);
          }

          @Override
          public PoolStatus stop() {
            return status();
          }

          @Override
          public PoolStatus start() {
            return status();
          }
        };
    return new RestDependencies(
        tasks,
        tasks,
        tasks,
        new WorkerProtocolService(
            store.queue(), store.workers(), store.logs(), events, clock, Duration.ofSeconds(60)),
        new WorkerQueryService(store.workers(), store.queue(), LiveWorkers.NONE, clock),
        pool,
        new ConversationQueryService(store.conversations(), store.queue()),
        new HealthService(
            () -> Duration.ZERO, store.queue(), store.workers(), () -> true, clock, "bench"),
        () -> "",
        // Counts like the app's Micrometer recorder would, so the route-template lookup is paid.
        (method, endpoint, status, nanos) -> REQUESTS.increment(),
        "bench",
        RestDependencies.DEFAULT_MAX_BODY_BYTES);
  }

  private static long[] runSocketClient(int port, long measureFrom, long end, AtomicLong errors)
      throws IOException {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    var latencies = new LongList();
    try (var http = new HttpConnection("127.0.0.1", port)) {
      while (true) {
        long sent = System.nanoTime();
        if (sent >= end) {
          break;
        }
        int status = http.post("/api/v1/tasks", body).status();
        long took = System.nanoTime() - sent;
        if (status != 201) {
          errors.incrementAndGet();
        } else if (sent >= measureFrom) {
          latencies.add(took);
        }
      }
    }
    return latencies.toArray();
  }

  private static long[] runJdkClient(
      HttpClient client, int port, long measureFrom, long end, AtomicLong errors)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tasks"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    var latencies = new LongList();
    while (true) {
      long sent = System.nanoTime();
      if (sent >= end) {
        break;
      }
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      long took = System.nanoTime() - sent;
      if (response.statusCode() != 201) {
        errors.incrementAndGet();
      } else if (sent >= measureFrom) {
        latencies.add(took);
      }
    }
    return latencies.toArray();
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static Map<String, String> options(String[] args) {
    var map = new java.util.HashMap<String, String>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      map.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return map;
  }

  private static final class LongList {
    private long[] values = new long[1 << 16];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
