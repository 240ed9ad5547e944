package io.aiopslab.executor.ports.contract;

import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import java.time.Duration;

/**
 * One empty store seen through every driven port, for the SPI contract suites. Each adapter
 * provides one (the in-memory fakes here, PostgreSQL in its adapter); a suite asks for a fresh
 * fixture per test.
 */
public interface SpiFixture extends AutoCloseable {

  TaskQueue queue();

  WorkerRegistry workers();

  TaskLogs logs();

  Conversations conversations();

  QueueNotifications notifications();

  /**
   * Lets {@code duration} pass on the store's clock (leases, deadlines, heartbeats): a fake clock
   * is advanced, a real database is waited for.
   */
  void elapse(Duration duration) throws InterruptedException;

  /** Asynchronous writers (buffers) are flushed so that reads see every write made so far. */
  default void flush() {}

  @Override
  default void close() throws Exception {}
}
