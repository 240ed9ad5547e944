package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL of its own (embedded, so it can be stopped without touching anyone else's server):
 * while it is down operations fail with StorageUnavailable; once it is back they work again and the
 * LISTEN connection has reconnected.
 */
class DatabaseRestartIT {

  @Test
  void operationsFailWhileTheDatabaseIsDownAndRecoverAfter() throws Exception {
    Path parent = Files.createTempDirectory("executor-restart-");
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path data = parent.resolve("data");
    int port = freePort();
    EmbeddedPostgres postgres = start(data, port);
    var target =
        new PostgresDataSources.Target(
            "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null);
    var pool =
        PostgresDataSources.create(
            target,
            PostgresDataSources.PoolSettings.of(2).withConnectionTimeout(Duration.ofSeconds(1)));
    try {
      Migrations.apply(pool);
      try (PostgresStore store = PostgresStore.on(pool)) {
        var reconnects = new AtomicInteger();
        store
            .notifications()
            .subscribe(
                new QueueNotifications.Listener() {
                  @Override
                  public void tasksAvailable() {}

                  @Override
                  public void taskCancelled(TaskId taskId) {}

                  @Override
                  public void reconnected() {
                    reconnects.incrementAndGet();
                  }
                });
        var notifications = (PgQueueNotifications) store.notifications();
        Eventually.await("listening", Duration.ofSeconds(10), notifications::isListening);
        store.queue().submit(List.of(Samples.task("before")));

        postgres.close();
        assertThrows(
            StorageUnavailable.class, () -> store.queue().submit(List.of(Samples.task("down"))));
        assertThrows(StorageUnavailable.class, () -> store.queue().list(TaskQuery.firstPage()));

        postgres = start(data, port);
        Eventually.await(
            "the pool to reconnect",
            Duration.ofSeconds(30),
            () -> {
              try {
                return store.queue().list(TaskQuery.firstPage()).total() == 1;
              } catch (StorageUnavailable e) {
                return false;
              }
            });
        store.queue().submit(List.of(Samples.task("after")));
        assertEquals(2, store.queue().list(TaskQuery.firstPage()).total());
        Eventually.await("LISTEN reconnected", Duration.ofSeconds(30), () -> reconnects.get() >= 1);
      }
    } finally {
      pool.close();
      postgres.close();
    }
  }

  private static EmbeddedPostgres start(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
