package io.aiopslab.executor.bench;

import io.aiopslab.executor.postgres.PostgresDataSources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** One database created for one benchmark run and dropped after it. */
final class ScratchDatabase implements AutoCloseable {
  private final PgServer server;
  private final String name;
  private Connection probe;

  /** Work for {@link #around}, on the scratch database. */
  interface Work {
    void run(PostgresDataSources.Target scratch) throws Exception;
  }

  /** A name no other run uses. */
  static String newName() {
    return "executor_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /**
   * For the tools given an admin database URL (QueueBench, CycleBench): runs {@code work} on a
   * fresh database of that server and drops it afterwards, also with sessions still open.
   */
  static void around(PostgresDataSources.Target admin, Work work) throws Exception {
    String name = newName();
    execute(admin, "CREATE DATABASE " + name);
    try {
      work.run(admin.withDatabase(name));
    } finally {
      execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  static void execute(PostgresDataSources.Target target, String sql) throws SQLException {
    try (Connection c = target.open();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  ScratchDatabase(PgServer server, String name) {
    this.server = server;
    this.name = name;
  }

  String name() {
    return name;
  }

  String databaseUrl() {
    return server.databaseUrl(name);
  }

  Connection open() throws SQLException {
    return server.open(name);
  }

  void execute(String sql) throws SQLException {
    server.execute(name, sql);
  }

  /**
   * The first column of the first row of a query returning a number, on one connection kept open
   * for the run, so that polling a count every few milliseconds costs a query, not a login.
   */
  synchronized long count(String sql) throws SQLException {
    if (probe == null) {
      probe = open();
    }
    try (Statement s = probe.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    if (probe != null) {
      probe.close();
    }
    server.execute(server.adminDatabase(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
