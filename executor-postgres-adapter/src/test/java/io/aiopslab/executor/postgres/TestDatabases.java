package io.aiopslab.executor.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The PostgreSQL every integration test runs against, resolved once per JVM: {@code
 * EXECUTOR_TEST_DATABASE_URL} when set, else a Testcontainers PostgreSQL when Docker is available,
 * else an embedded PostgreSQL (zonky). Each caller gets a fresh database of its own ({@link
 * #create()}), dropped when it is closed; nothing else on the server is ever touched.
 */
public final class TestDatabases {

  public static final String ENV = "EXECUTOR_TEST_DATABASE_URL";
  private static final Logger LOG = Logger.getLogger(TestDatabases.class.getName());

  private static PostgresDataSources.Target server;

  private TestDatabases() {}

  /** A fresh, migrated database; close it to drop it. */
  public static TestDatabase create() {
    PostgresDataSources.Target admin = server();
    String name =
        "executor_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    execute(admin, "CREATE DATABASE " + name);
    var database = new TestDatabase(admin, name);
    try (var pool = database.newPool(PostgresDataSources.PoolSettings.of(2).withName("migrate"))) {
      Migrations.apply(pool);
    }
    return database;
  }

  /** The admin connection target of the shared test server. */
  public static synchronized PostgresDataSources.Target server() {
    if (server == null) {
      server = resolve();
    }
    return server;
  }

  private static PostgresDataSources.Target resolve() {
    String url = System.getenv(ENV);
    if (url != null && !url.isBlank()) {
      LOG.info("Test PostgreSQL from " + ENV);
      return PostgresDataSources.parse(url);
    }
    if (dockerAvailable()) {
      LOG.info("Test PostgreSQL from Testcontainers");
      return Containers.start();
    }
    LOG.info("Test PostgreSQL embedded (zonky)");
    return Embedded.start();
  }

  private static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  static void execute(PostgresDataSources.Target target, String sql) {
    try (Connection c = target.open();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }

  /** One database of the test server, and the pools opened on it. */
  public static final class TestDatabase implements AutoCloseable {
    private final PostgresDataSources.Target admin;
    private final String name;
    private final List<AutoCloseable> opened = new ArrayList<>();

    TestDatabase(PostgresDataSources.Target admin, String name) {
      this.admin = admin;
      this.name = name;
    }

    public String name() {
      return name;
    }

    public PostgresDataSources.Target target() {
      return admin.withDatabase(name);
    }

    /** A new pool on this database, closed with it. */
    public synchronized com.zaxxer.hikari.HikariDataSource newPool(
        PostgresDataSources.PoolSettings settings) {
      var pool = PostgresDataSources.create(target(), settings);
      opened.add(pool);
      return pool;
    }

    /** A store on a new pool of {@code poolSize} connections, closed with this database. */
    public synchronized PostgresStore newStore(int poolSize) {
      var store = PostgresStore.on(newPool(PostgresDataSources.PoolSettings.of(poolSize)));
      opened.add(0, store);
      return store;
    }

    @Override
    public synchronized void close() {
      for (AutoCloseable closeable : opened) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // dropping the database below ends whatever is left
        }
      }
      opened.clear();
      execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static final class Embedded {
    static PostgresDataSources.Target start() {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        postgres.close();
                      } catch (Exception ignored) {
                        // the JVM is going away
                      }
                    }));
        return new PostgresDataSources.Target(
            postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot start embedded PostgreSQL", e);
      }
    }
  }

  private static final class Containers {
    static PostgresDataSources.Target start() {
      var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new PostgresDataSources.Target(
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
  }
}
