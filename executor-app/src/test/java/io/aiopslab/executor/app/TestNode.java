package io.aiopslab.executor.app;

import io.aiopslab.executor.app.config.ExecutorConfig;
import io.aiopslab.executor.postgres.TestDatabases;
import io.aiopslab.executor.postgres.TestDatabases.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole app in the test's JVM — {@link ExecutorNode#start} on an ephemeral port against a test
 * database — reached only over HTTP. Settings are small so that tests stay quick.
 */
final class TestNode implements AutoCloseable {
  private final ExecutorNode node;
  private final Api api;
  private final TestDatabase ownDatabase; // closed after the node; null when the test owns it

  private TestNode(ExecutorNode node, TestDatabase ownDatabase) {
    this.node = node;
    this.api = new Api(node.baseUri());
    this.ownDatabase = ownDatabase;
  }

  /** Starts a node; {@code env} overrides the quick test defaults ({@link #quickSettings}). */
  static TestNode start(TestDatabase database, String nodeId, Map<String, String> env) {
    return new TestNode(ExecutorNode.start(config(database, nodeId, env)), null);
  }

  /** A node on a fresh database of its own, dropped when the node is closed. */
  static TestNode startOnOwnDatabase(String nodeId, Map<String, String> env) {
    TestDatabase database = TestDatabases.create();
    try {
      return new TestNode(ExecutorNode.start(config(database, nodeId, env)), database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static ExecutorConfig config(
      TestDatabase database, String nodeId, Map<String, String> env) {
    var values = new HashMap<>(quickSettings(database, nodeId));
    values.putAll(env);
    return ExecutorConfig.from(values);
  }

  /** Environment of a node for tests: any port, small intervals, a few connections. */
  static Map<String, String> quickSettings(TestDatabase database, String nodeId) {
    var values = new HashMap<String, String>();
    values.put("HOST", "127.0.0.1");
    values.put("PORT", "0");
    values.put("DATABASE_URL", databaseUrl(database));
    values.put("DATABASE_POOL_SIZE", "8");
    values.put("NODE_ID", nodeId);
    values.put("NUM_INTERNAL_WORKERS", "3");
    values.put("LEASE_SECONDS", "3");
    values.put("WORKER_POLL_INTERVAL", "0.2");
    values.put("TIMEOUT_CHECK_INTERVAL", "0.5");
    values.put("SHUTDOWN_GRACE_SECONDS", "1");
    return values;
  }

  /** The test database as a DATABASE_URL (the JDBC form, credentials as query parameters). */
  static String databaseUrl(TestDatabase database) {
    var target = database.target();
    String url = target.jdbcUrl();
    if (target.user() != null && !url.contains("user=")) {
      url +=
          (url.contains("?") ? "&" : "?")
              + "user="
              + URLEncoder.encode(target.user(), StandardCharsets.UTF_8);
    }
    if (target.password() != null && !url.contains("password=")) {
      url += "&password=" + URLEncoder.encode(target.password(), StandardCharsets.UTF_8);
    }
    return url;
  }

  Api api() {
    return api;
  }

  /**
   * Graceful shutdown with a short grace; what still runs goes back to the queue. Then drops the
   * node's own database, if it has one.
   */
  @Override
  public void close() {
    try {
      node.shutdown(Duration.ofMillis(200));
    } finally {
      if (ownDatabase != null) {
        ownDatabase.close();
      }
    }
  }
}
