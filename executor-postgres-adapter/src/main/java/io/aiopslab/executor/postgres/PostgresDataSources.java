package io.aiopslab.executor.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Connection pools from a {@code DATABASE_URL} in any of the forms the original accepted: {@code
 * postgresql://user:pass@host:port/db}, {@code postgresql+asyncpg://...}, {@code postgres://...} or
 * {@code jdbc:postgresql://...}. Credentials are URL-decoded; query parameters are kept.
 */
public final class PostgresDataSources {

  private PostgresDataSources() {}

  /** Where and as whom to connect; {@link #open()} makes a connection outside any pool. */
  public record Target(String jdbcUrl, String user, String password) {
    public Target {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    public Connection open() throws SQLException {
      return open("task-executor");
    }

    /** A connection outside any pool, named so that operators can tell it in pg_stat_activity. */
    public Connection open(String applicationName) throws SQLException {
      var properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      properties.setProperty("ApplicationName", applicationName);
      return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** The same server and credentials, another database. */
    public Target withDatabase(String database) {
      int start = jdbcUrl.indexOf("//") + 2;
      int slash = jdbcUrl.indexOf('/', start);
      int query = jdbcUrl.indexOf('?', start);
      String hosts =
          jdbcUrl.substring(start, slash < 0 ? (query < 0 ? jdbcUrl.length() : query) : slash);
      String rest = query < 0 ? "" : jdbcUrl.substring(query);
      return new Target("jdbc:postgresql://" + hosts + "/" + database + rest, user, password);
    }

    @Override
    public String toString() {
      return "Target[" + jdbcUrl + ", user=" + user + "]"; // never the password
    }
  }

  /** Pool settings; {@code connectionInitSql} may be null. */
  public record PoolSettings(
      String poolName, int maxPoolSize, Duration connectionTimeout, String connectionInitSql) {
    public PoolSettings {
      Objects.requireNonNull(poolName, "poolName");
      Objects.requireNonNull(connectionTimeout, "connectionTimeout");
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("the pool needs at least one connection");
      }
    }

    public static PoolSettings of(int maxPoolSize) {
      return new PoolSettings("executor", maxPoolSize, Duration.ofSeconds(5), null);
    }

    public PoolSettings withName(String name) {
      return new PoolSettings(name, maxPoolSize, connectionTimeout, connectionInitSql);
    }

    public PoolSettings withConnectionTimeout(Duration timeout) {
      return new PoolSettings(poolName, maxPoolSize, timeout, connectionInitSql);
    }

    public PoolSettings withConnectionInitSql(String sql) {
      return new PoolSettings(poolName, maxPoolSize, connectionTimeout, sql);
    }
  }

  public static HikariDataSource create(String databaseUrl, PoolSettings settings) {
    return create(parse(databaseUrl), settings);
  }

  public static HikariDataSource create(Target target, PoolSettings settings) {
    var config = new HikariConfig();
    config.setPoolName(settings.poolName());
    config.setJdbcUrl(target.jdbcUrl());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2_000));
    // Start even when the database is not up yet; operations fail with StorageUnavailable until it
    // is.
    config.setInitializationFailTimeout(-1);
    if (settings.connectionInitSql() != null) {
      config.setConnectionInitSql(settings.connectionInitSql());
    }
    config.addDataSourceProperty("ApplicationName", "task-executor");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(config);
  }

  /** The connection target of a pool this class made (for the LISTEN connection). */
  public static Target targetOf(HikariDataSource dataSource) {
    return new Target(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
  }

  /**
   * Parses a {@code DATABASE_URL}.
   *
   * @throws IllegalArgumentException naming DATABASE_URL (never echoing a password)
   */
  public static Target parse(String databaseUrl) {
    if (databaseUrl == null || databaseUrl.isBlank()) {
      throw invalid("it is empty");
    }
    String url = databaseUrl.strip();
    String rest;
    if (url.startsWith("jdbc:postgresql://")) {
      rest = url.substring("jdbc:postgresql://".length());
    } else if (url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url.startsWith("postgresql+asyncpg://")) {
      rest = url.substring("postgresql+asyncpg://".length());
    } else if (url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw invalid(
          "expected postgresql://, postgresql+asyncpg://, postgres:// or jdbc:postgresql://");
    }
    int end = indexOfAny(rest, '/', '?');
    String authority = end < 0 ? rest : rest.substring(0, end);
    String pathAndQuery = end < 0 ? "" : rest.substring(end);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      if (user.isEmpty()) {
        user = null;
      }
    }
    if (authority.isEmpty()) {
      throw invalid("it names no host");
    }
    String database = "";
    String query = "";
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    if (q >= 0) {
      query = pathAndQuery.substring(q);
    }
    if (path.startsWith("/")) {
      database = decode(path.substring(1));
    }
    if (database.contains("/")) {
      throw invalid("the database name contains '/'");
    }
    // Credentials given as query parameters of a JDBC URL stay there; PgJDBC reads them.
    String jdbcUrl = "jdbc:postgresql://" + authority + "/" + database + query;
    return new Target(jdbcUrl, user, password);
  }

  private static int indexOfAny(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("it contains a malformed %-escape");
    }
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("DATABASE_URL is not a valid PostgreSQL URL: " + why);
  }
}
