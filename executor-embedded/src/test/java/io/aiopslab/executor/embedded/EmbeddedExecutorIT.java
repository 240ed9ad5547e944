package io.aiopslab.executor.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aiopslab.executor.domain.log.LogEntry;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.ports.engine.EngineSettings;
import io.aiopslab.executor.ports.tasks.QueryTasks.ReadTaskLogs;
import io.aiopslab.executor.postgres.TestDatabases;
import io.aiopslab.executor.postgres.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The embedding path end to end, on real PostgreSQL and a DataSource the test (the host) owns. */
class EmbeddedExecutorIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestDatabase database;
  private static HikariDataSource hostPool;

  @BeforeAll
  static void database() {
    database = TestDatabases.create();
    var config = new HikariConfig();
    config.setJdbcUrl(database.target().jdbcUrl());
    config.setUsername(database.target().user());
    config.setPassword(database.target().password());
    config.setMaximumPoolSize(8); // the executors' queries + one LISTEN connection each
    config.setPoolName("host");
    hostPool = new HikariDataSource(config);
  }

  @AfterAll
  static void dropDatabase() {
    hostPool.close();
    database.close();
  }

  @AfterEach
  void nothingLeftForTheNextTest() {
    var pending =
        new TaskCounts(hostPool)
            .count("SELECT count(*) FROM tasks WHERE status IN ('pending', 'running')");
    assertEquals(0, pending, "a test left tasks pending or running");
  }

  private static void awaitEvents(RecordingListener listener, TaskId id, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (listener.of(id).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  /** Short lease and intervals so that tests take seconds, not the production minutes. */
  private static EngineSettings settings(String nodeId) {
    return EngineSettings.defaults(nodeId, "test", 1)
        .withNumWorkers(2)
        .withTimings(
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));
  }

  private static EmbeddedExecutor.Builder executor(String nodeId) {
    return EmbeddedExecutor.builder().dataSource(hostPool).settings(settings(nodeId));
  }

  @Test
  void hostRunnerRunsTasksAndListenerSeesSubmittedStartedFinished() throws Exception {
    var listener = new RecordingListener();
    // Started stopped, so every submit is recorded before a worker can claim it.
    try (var executor =
        executor("events")
            .runner(TestRunners.echo())
            .listener(listener)
            .settings(settings("events").withAutoStart(false))
            .build()) {
      Task one = executor.submit(TaskRequest.of("echo-1").withParameter("text", "hello"));
      List<Task> batch =
          executor.submitAll(
              List.of(
                  TaskRequest.of("echo-2").withParameter("text", "world"), TaskRequest.of("fail")));
      assertEquals(TaskStatus.PENDING, one.status());

      executor.workers().start();
      Task echoed = executor.whenFinished(one.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Task second =
          executor.whenFinished(batch.get(0).id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Task failed =
          executor.whenFinished(batch.get(1).id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertEquals(TaskStatus.COMPLETED, echoed.status());
      assertEquals(Map.of("echo", "hello"), echoed.result());
      assertEquals(Map.of("echo", "world"), second.result());
      assertEquals(TaskStatus.FAILED, failed.status());
      assertEquals(Map.of("score", 0), failed.result(), "a failed run keeps its result");
      assertEquals("nothing to echo", failed.errorDetails());

      // whenFinished completes at once from a read when the task is already final, which can be
      // a moment before the node's finished event reaches the listeners: wait for it (bounded).
      awaitEvents(listener, one.id(), 3);
      awaitEvents(listener, failed.id(), 3);
      assertEquals(List.of("submitted", "started", "finished:completed"), listener.of(one.id()));
      assertEquals(List.of("submitted", "started", "finished:failed"), listener.of(failed.id()));

      // What the runner reported is stored with the task, as the service would show it.
      assertEquals(echoed, executor.tasks().get(one.id().toString()));
      List<String> messages =
          executor.tasks().logs(new ReadTaskLogs(one.id().toString(), null, null)).logs().stream()
              .map(LogEntry::message)
              .toList();
      assertTrue(messages.contains("echoing hello"), () -> "logs: " + messages);

      // Already finished: completes at once; unknown: fails at once.
      assertEquals(echoed, executor.whenFinished(one.id()).get(1, TimeUnit.SECONDS));
      var unknown =
          assertThrows(
              ExecutionException.class,
              () -> executor.whenFinished(TaskId.generate()).get(1, TimeUnit.SECONDS));
      assertInstanceOf(TaskNotFound.class, unknown.getCause());
    }
  }

  @Test
  void aTaskSubmittedToAnIdleExecutorIsClaimedInTheTransactionThatInsertsIt() throws Exception {
    try (var executor = executor("claim-on-submit").runner(TestRunners.echo()).build()) {
      // A submit that finds every slot reserved (the dispatcher's first round, the round that
      // follows a finish) leaves its task to the dispatcher: the pauses let those rounds end.
      int claimedBySubmit = 0;
      for (int i = 0; i < 5; i++) {
        Thread.sleep(100);
        Task task = executor.submit(TaskRequest.of("echo-now").withParameter("text", "hi"));
        Task done = executor.whenFinished(task.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(1, done.attempt());
        // One transaction (ADR 0009): the claim's now() is the insert's. Two transactions never
        // give the same timestamp.
        if (done.startedAt().equals(done.createdAt())) {
          claimedBySubmit++;
        }
      }
      assertTrue(claimedBySubmit > 0, "no task was claimed by its own submit");
    }
  }

  @Test
  void cancellingARunningTaskFiresTheRunnersStopSignal() throws Exception {
    BlockingQueue<RunRequest> running = new LinkedBlockingQueue<>();
    var listener = new RecordingListener();
    try (var executor =
        executor("cancel").runner(TestRunners.untilStopped(running)).listener(listener).build()) {
      Task task = executor.submit(TaskRequest.of("long-run"));
      RunRequest run = running.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(task.id(), run.task().id());

      Task cancelled = executor.cancel().cancel(task.id().toString());

      assertEquals(TaskStatus.CANCELLED, cancelled.status());
      assertTrue(run.stop().await(Duration.ofSeconds(5)), "the runner was not asked to stop");
      assertEquals(StopReason.CANCELLED, run.stop().reason().orElseThrow());
      assertEquals(
          TaskStatus.CANCELLED,
          executor.whenFinished(task.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
      assertEquals(List.of("submitted", "started", "finished:cancelled"), listener.of(task.id()));
    }
  }

  @Test
  void closeHandsBackARunningTaskThatAnotherExecutorThenRuns() throws Exception {
    BlockingQueue<RunRequest> running = new LinkedBlockingQueue<>();
    var listenerA = new RecordingListener();
    var first =
        executor("node-a").runner(TestRunners.untilStopped(running)).listener(listenerA).build();
    Task task = first.submit(TaskRequest.of("handed-back").withParameter("text", "again"));
    RunRequest run = running.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    var waiting = first.whenFinished(task.id());

    first.shutdown(Duration.ofMillis(300));

    assertEquals(StopReason.SHUTDOWN, run.stop().reason().orElseThrow());
    Task back = readTask(task.id());
    assertEquals(TaskStatus.PENDING, back.status());
    assertEquals(1, back.attempt(), "a hand-back does not start an attempt");
    assertNull(back.workerId());
    assertEquals(List.of("submitted", "started", "handedBack"), listenerA.of(task.id()));
    var closed = assertThrows(ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, closed.getCause());

    try (var second = executor("node-b").runner(TestRunners.echo()).build()) {
      Task done = second.whenFinished(task.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.COMPLETED, done.status());
      assertEquals(2, done.attempt());
      assertTrue(done.workerId().startsWith("node-b-worker-"), done::workerId);
      assertEquals(Map.of("echo", "again"), done.result());
    }
  }

  @Test
  void migrationsAreIdempotentAcrossBuilds() {
    var plain = new PGSimpleDataSource();
    plain.setURL(database.target().jdbcUrl());
    plain.setUser(database.target().user());
    plain.setPassword(database.target().password());
    var counts = new TaskCounts(plain);
    long changeSets = counts.count("SELECT count(*) FROM databasechangelog");

    for (int build = 1; build <= 2; build++) {
      try (var executor = executor("migrate-" + build).runner(TestRunners.echo()).build()) {
        assertTrue(executor.health().ready());
      }
    }

    assertEquals(changeSets, counts.count("SELECT count(*) FROM databasechangelog"));
    assertEquals(0, counts.count("SELECT count(*) FROM databasechangeloglock WHERE locked"));
  }

  @Test
  void withoutMigrationsAMissingSchemaFailsTheBuild() throws SQLException {
    try (Connection c = hostPool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS empty_schema");
    }
    var elsewhere = new PGSimpleDataSource();
    elsewhere.setURL(database.target().jdbcUrl());
    elsewhere.setUser(database.target().user());
    elsewhere.setPassword(database.target().password());
    elsewhere.setCurrentSchema("empty_schema");

    var failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                EmbeddedExecutor.builder()
                    .dataSource(elsewhere)
                    .runner(TestRunners.echo())
                    .migrate(false)
                    .build());
    assertTrue(failure.getMessage().contains("migrate(true)"), failure::getMessage);
  }

  private static Task readTask(TaskId id) {
    try (var reader = executor("reader").runner(TestRunners.echo()).workers(0).build()) {
      return reader.tasks().get(id.toString());
    }
  }

  /** Plain JDBC reads for what the ports do not show. */
  private record TaskCounts(javax.sql.DataSource dataSource) {
    long count(String sql) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        r.next();
        return r.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
