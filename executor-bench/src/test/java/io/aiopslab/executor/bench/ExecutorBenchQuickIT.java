package io.aiopslab.executor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.postgres.PostgresDataSources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the harness from rotting: every workload runs at {@code --quick} scale as a user runs it (a
 * separate JVM on this classpath, PG* variables pointing at the test server) and must exit 0 with
 * exactly one well-formed JSON line on stdout, positive figures and no duplicates. Never asserts on
 * speed. The server is {@code EXECUTOR_TEST_DATABASE_URL} when set, else an embedded PostgreSQL.
 */
class ExecutorBenchQuickIT {

  private static EmbeddedPostgres embedded;
  private static Map<String, String> pgEnvironment;

  @BeforeAll
  static void server() throws IOException {
    String url = System.getenv("EXECUTOR_TEST_DATABASE_URL");
    PostgresDataSources.Target target;
    if (url != null && !url.isBlank()) {
      target = PostgresDataSources.parse(url);
    } else {
      embedded = EmbeddedPostgres.builder().start();
      target =
          new PostgresDataSources.Target(
              embedded.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }
    URI jdbc = URI.create(target.jdbcUrl().substring("jdbc:".length()));
    String database = jdbc.getPath().replaceFirst("^/", "");
    var env = new java.util.HashMap<String, String>();
    env.put("PGHOST", jdbc.getHost());
    env.put("PGPORT", Integer.toString(jdbc.getPort() < 0 ? 5432 : jdbc.getPort()));
    env.put("PGUSER", target.user() == null ? "postgres" : target.user());
    env.put("PGPASSWORD", target.password() == null ? "" : target.password());
    env.put("PGDATABASE", database.isEmpty() ? "postgres" : database);
    pgEnvironment = env;
  }

  @AfterAll
  static void stop() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "w1",
        "w1b",
        "w1c",
        "w2 --c 8",
        "w2 --c 32",
        "w3",
        "w4",
        "w5",
      })
  void quickRunPrintsOneResultLineWithPositiveFiguresAndNoDuplicates(String workload)
      throws Exception {
    List<String> lines = run(workload);

    assertEquals(1, lines.size(), "stdout must hold exactly one line, got " + lines);
    Map<String, Object> result = Json.parseObject(lines.get(0));
    assertEquals("task-executor", result.get("peer"));
    assertEquals(workload.split(" ")[0], result.get("workload"));
    assertInstanceOf(String.class, result.get("version"));
    assertInstanceOf(Map.class, result.get("settings"));
    @SuppressWarnings("unchecked")
    var figures = (Map<String, Object>) result.get("figures");
    assertFalse(figures.isEmpty(), "no figures");
    for (var figure : figures.entrySet()) {
      var value = assertInstanceOf(Number.class, figure.getValue(), figure.getKey());
      if (figure.getKey().equals("duplicates")) {
        assertEquals(0, value.intValue(), "duplicates");
      } else {
        assertTrue(value.doubleValue() > 0, figure.getKey() + " = " + value);
      }
    }
    switch (workload.split(" ")[0]) {
      case "w1", "w1b", "w1c" -> assertTrue(figures.containsKey("jobs_per_s"));
      case "w2" -> {
        assertTrue(figures.containsKey("jobs_per_s"));
        assertTrue(figures.containsKey("duplicates"));
      }
      case "w3" -> assertTrue(figures.keySet().containsAll(List.of("p50_ms", "p95_ms", "p99_ms")));
      case "w4" -> assertTrue(figures.keySet().containsAll(List.of("list_p99_ms", "get_p99_ms")));
      case "w5" -> {
        assertTrue(figures.containsKey("recovery_s"));
        assertTrue(figures.containsKey("duplicates"));
      }
      default -> throw new AssertionError(workload);
    }
  }

  /** Runs the driver in its own JVM; returns its stdout lines, failing on a non-zero exit. */
  private static List<String> run(String workload) throws Exception {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ExecutorBench.class.getName());
    command.add("--workload");
    command.addAll(List.of(workload.split(" ")));
    command.add("--quick");
    Path stderr = Files.createTempFile("executor-bench-", ".err");
    var builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().putAll(pgEnvironment);
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String log = Files.readString(stderr);
    Files.delete(stderr);
    assertTrue(exited, workload + " did not finish in 120 s:\n" + log);
    assertEquals(0, process.exitValue(), workload + " failed:\n" + log);
    return stdout.lines().filter(line -> !line.isBlank()).toList();
  }
}
