package io.aiopslab.executor.postgres;

import io.aiopslab.executor.ports.contract.SpiFixture;
import io.aiopslab.executor.ports.contract.TaskQueueContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresTaskQueueContractIT extends TaskQueueContract {

  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    store = database.newStore(4);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected SpiFixture newFixture() {
    return PostgresSpiFixture.fresh(database, store);
  }
}
