package io.aiopslab.executor.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL server the benchmark runs against, from the libpq variables {@code PGHOST}
 * (127.0.0.1), {@code PGPORT} (5432), {@code PGUSER} (postgres), {@code PGPASSWORD} (none) and
 * {@code PGDATABASE} (postgres) — the same variables the peer harness sets for every driver. The
 * named database is only the admin connection: each run works in a scratch database of its own.
 */
record PgServer(String host, int port, String user, String password, String adminDatabase) {

  static PgServer fromEnvironment(Map<String, String> env) {
    return new PgServer(
        value(env, "PGHOST", "127.0.0.1"),
        Integer.parseInt(value(env, "PGPORT", "5432")),
        value(env, "PGUSER", "postgres"),
        value(env, "PGPASSWORD", null),
        value(env, "PGDATABASE", "postgres"));
  }

  /** Creates a fresh database; closing the returned handle drops it (also with open sessions). */
  ScratchDatabase createScratch() throws SQLException {
    String name = ScratchDatabase.newName();
    execute(adminDatabase, "CREATE DATABASE " + name);
    return new ScratchDatabase(this, name);
  }

  Connection open(String database) throws SQLException {
    var properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "executor-bench");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
  }

  void execute(String database, String sql) throws SQLException {
    try (Connection c = open(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The {@code DATABASE_URL} form the executor reads. */
  String databaseUrl(String database) {
    String credentials = encode(user) + (password == null ? "" : ":" + encode(password));
    return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
