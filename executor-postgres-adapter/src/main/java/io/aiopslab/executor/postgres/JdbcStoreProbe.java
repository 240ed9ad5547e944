package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.StoreProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** Health of the database: one trivial round trip, timed. */
final class JdbcStoreProbe implements StoreProbe {
  private final DataSource dataSource;

  JdbcStoreProbe(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Duration ping() {
    long start = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(2);
      statement.execute("SELECT 1");
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (SQLException e) {
      throw new StorageUnavailable("the database does not answer", e);
    }
  }
}
