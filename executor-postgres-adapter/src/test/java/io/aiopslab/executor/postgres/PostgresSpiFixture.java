package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import io.aiopslab.executor.ports.contract.SpiFixture;
import java.time.Duration;

/**
 * The PostgreSQL store as an {@link SpiFixture}. One database per test class (migrating one per
 * test would dominate the run); each fixture starts from empty tables. {@link #elapse} waits on the
 * real clock, because leases and deadlines use the database's now().
 */
final class PostgresSpiFixture implements SpiFixture {

  private final PostgresStore store;

  private PostgresSpiFixture(PostgresStore store) {
    this.store = store;
  }

  /** Empties every table of {@code database} and returns a fixture over {@code store}. */
  static PostgresSpiFixture fresh(TestDatabases.TestDatabase database, PostgresStore store) {
    TestDatabases.execute(
        database.target(),
        "TRUNCATE tasks, task_logs, workers, llm_conversations, llm_conversation_messages"
            + " RESTART IDENTITY CASCADE");
    return new PostgresSpiFixture(store);
  }

  @Override
  public TaskQueue queue() {
    return store.queue();
  }

  @Override
  public WorkerRegistry workers() {
    return store.workers();
  }

  @Override
  public TaskLogs logs() {
    return store.logs();
  }

  @Override
  public Conversations conversations() {
    return store.conversations();
  }

  @Override
  public QueueNotifications notifications() {
    return store.notifications();
  }

  @Override
  public void elapse(Duration duration) throws InterruptedException {
    Thread.sleep(duration);
  }
}
