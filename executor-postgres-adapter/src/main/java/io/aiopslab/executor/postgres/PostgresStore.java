package io.aiopslab.executor.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.aiopslab.executor.domain.spi.Conversations;
import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.spi.TaskLogs;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.spi.WorkerRegistry;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Every driven port on one PostgreSQL database: built from a pool, closed once. The composition
 * root makes one; nothing outside this module sees jOOQ, Liquibase or the generated classes.
 */
public final class PostgresStore implements AutoCloseable {

  /** application_name of the dedicated LISTEN connection. */
  public static final String LISTEN_APPLICATION_NAME = "task-executor-listen";

  private final JooqTaskQueue queue;
  private final JooqWorkerRegistry workers;
  private final JooqTaskLogs logs;
  private final JooqConversations conversations;
  private final PgQueueNotifications notifications;
  private final AutoCloseable ownedPool;
  private final JdbcStoreProbe probe;

  private PostgresStore(
      DataSource dataSource,
      PgQueueNotifications.ConnectionFactory listenConnections,
      AutoCloseable ownedPool) {
    var sql = new Sql(dsl(dataSource));
    this.queue = new JooqTaskQueue(sql);
    this.workers = new JooqWorkerRegistry(sql);
    this.logs = new JooqTaskLogs(sql);
    this.conversations = new JooqConversations(sql);
    this.notifications = new PgQueueNotifications(listenConnections);
    this.ownedPool = ownedPool;
    this.probe = new JdbcStoreProbe(dataSource);
  }

  /**
   * Uses a pool made by {@link PostgresDataSources} (the LISTEN connection goes to the same target
   * outside the pool). The pool stays the caller's: {@link #close()} leaves it open.
   */
  public static PostgresStore on(HikariDataSource pool) {
    var target = PostgresDataSources.targetOf(pool);
    return new PostgresStore(pool, () -> target.open(LISTEN_APPLICATION_NAME), null);
  }

  /** Any DataSource, with an explicit way to open the dedicated LISTEN connection. */
  public static PostgresStore on(
      DataSource dataSource, PgQueueNotifications.ConnectionFactory listenConnections) {
    return new PostgresStore(dataSource, listenConnections, null);
  }

  /** Opens a pool for {@code databaseUrl}, migrates the schema, and owns the pool. */
  public static PostgresStore open(String databaseUrl, PostgresDataSources.PoolSettings settings) {
    HikariDataSource pool = PostgresDataSources.create(databaseUrl, settings);
    try {
      Migrations.apply(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    var target = PostgresDataSources.targetOf(pool);
    return new PostgresStore(pool, () -> target.open(LISTEN_APPLICATION_NAME), pool);
  }

  static DSLContext dsl(DataSource dataSource) {
    Settings settings =
        new Settings().withExecuteLogging(false).withRenderFormatted(false).withRenderSchema(false);
    return DSL.using(dataSource, SQLDialect.POSTGRES, settings);
  }

  public TaskQueue queue() {
    return queue;
  }

  public WorkerRegistry workers() {
    return workers;
  }

  public TaskLogs logs() {
    return logs;
  }

  public Conversations conversations() {
    return conversations;
  }

  public QueueNotifications notifications() {
    return notifications;
  }

  /** Round trip to the database, for health and readiness. */
  public StoreProbe probe() {
    return probe;
  }

  /**
   * An embedder's DataSource: migrated when {@code migrate}; the LISTEN connection is one more
   * connection taken from it and held while the store is open. The DataSource stays the caller's.
   */
  public static PostgresStore on(DataSource dataSource, boolean migrate) {
    if (migrate) {
      Migrations.apply(dataSource);
    }
    return new PostgresStore(dataSource, dataSource::getConnection, null);
  }

  /**
   * Opens and owns a pool of {@code poolSize} for {@code databaseUrl}, migrated when {@code
   * migrate}. {@code meterRegistry}, when not null, is a Micrometer MeterRegistry that receives the
   * pool's {@code hikaricp_*} metrics (typed Object so no caller needs HikariCP or Micrometer).
   */
  public static PostgresStore open(
      String databaseUrl, int poolSize, Object meterRegistry, boolean migrate) {
    HikariDataSource pool =
        PostgresDataSources.create(databaseUrl, PostgresDataSources.PoolSettings.of(poolSize));
    try {
      if (meterRegistry != null) {
        pool.setMetricRegistry(meterRegistry);
      }
      if (migrate) {
        Migrations.apply(pool);
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    var target = PostgresDataSources.targetOf(pool);
    return new PostgresStore(pool, () -> target.open(LISTEN_APPLICATION_NAME), pool);
  }

  /** Stops the LISTEN thread (and closes the pool when this store opened it). */
  @Override
  public void close() {
    notifications.close();
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the pool failed", e);
      }
    }
  }
}
