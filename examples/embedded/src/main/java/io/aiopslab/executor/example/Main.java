package io.aiopslab.executor.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.embedded.EmbeddedExecutor;
import io.aiopslab.executor.embedded.TaskRequest;
import io.aiopslab.executor.ports.tasks.TaskEventListener;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A host service embedding the executor: its own DataSource, its own runner, no HTTP. It submits a
 * few texts, waits for their word counts and shuts down.
 *
 * <p>{@code DATABASE_URL} ({@code postgresql://user:pass@host:5432/db} or {@code
 * jdbc:postgresql://...}) selects the database; without it the example starts a throwaway embedded
 * PostgreSQL.
 */
public final class Main {

  static final List<String> TEXTS =
      List.of(
          "To be, or not to be, that is the question",
          "The quick brown fox jumps over the lazy dog and the dog sleeps");

  /**
   * Liquibase logs through java.util.logging; the host keeps it to warnings (held: JUL is weak).
   */
  private static final Logger LIQUIBASE = Logger.getLogger("liquibase");

  private Main() {}

  public static void main(String[] args) throws Exception {
    LIQUIBASE.setLevel(Level.WARNING);
    String url = System.getenv("DATABASE_URL");
    if (url != null && !url.isBlank()) {
      try (HikariDataSource pool = hostPool(url)) {
        run(pool, System.out);
      }
    } else {
      System.out.println("DATABASE_URL not set: starting an embedded PostgreSQL");
      try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
          HikariDataSource pool = hostPool(postgres.getJdbcUrl("postgres", "postgres"))) {
        run(pool, System.out);
      }
    }
  }

  /** The embedding itself: build, submit, wait, close. Returns the finished tasks. */
  public static List<Task> run(DataSource dataSource, PrintStream out) throws Exception {
    TaskEventListener progress =
        new TaskEventListener() {
          @Override
          public void submitted(Task task) {
            out.printf("submitted %s%n", task.id());
          }

          @Override
          public void started(Task task) {
            out.printf(
                "started   %s on %s (attempt %d)%n", task.id(), task.workerId(), task.attempt());
          }

          @Override
          public void finished(Task task) {
            out.printf("finished  %s %s%n", task.id(), task.status().wireName());
          }
        };
    try (EmbeddedExecutor executor =
        EmbeddedExecutor.builder()
            .dataSource(dataSource) // the host's pool; one more connection is kept for LISTEN
            .runner(new WordCountRunner())
            .workers(2)
            .listener(progress)
            .build()) {
      List<TaskRequest> requests = new ArrayList<>();
      for (String text : TEXTS) {
        requests.add(TaskRequest.of("word-count").withParameter("text", text));
      }
      requests.add(TaskRequest.of("word-count").withParameter("text", 42)); // fails: not a string
      List<Task> submitted = executor.submitAll(requests);

      List<Task> finished = new ArrayList<>();
      for (Task task : submitted) {
        finished.add(executor.whenFinished(task.id()).get(1, TimeUnit.MINUTES));
      }
      for (Task task : finished) {
        out.printf(
            "%s %-9s %s%n",
            task.id(),
            task.status().wireName(),
            task.result() != null ? task.result() : task.errorDetails());
      }
      return finished;
    } // close(): stops claiming, lets running tasks finish (grace), hands back the rest
  }

  /** The host's connection pool (any DataSource would do). */
  static HikariDataSource hostPool(String url) {
    var config = new HikariConfig();
    if (url.startsWith("jdbc:")) {
      config.setJdbcUrl(url);
    } else {
      URI uri = URI.create(url.replaceFirst("^[a-z+]+://", "postgresql://"));
      int port = uri.getPort() > 0 ? uri.getPort() : 5432;
      config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath());
      if (uri.getUserInfo() != null) {
        String[] user = uri.getUserInfo().split(":", 2);
        config.setUsername(user[0]);
        config.setPassword(user.length > 1 ? user[1] : null);
      }
    }
    config.setPoolName("host");
    config.setMaximumPoolSize(5); // the executor's queries share it with the host
    return new HikariDataSource(config);
  }
}
