package io.aiopslab.executor.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.ports.engine.EngineSettings;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A misconfigured builder fails at build(), naming what to fix, before any database work. */
class EmbeddedExecutorBuilderTest {

  private static final DataSource UNUSED = fakeDataSource("PostgreSQL");

  @Test
  void withoutADatabaseTheBuildSaysWhichToGive() {
    var failure =
        assertThrows(
            IllegalStateException.class,
            () -> EmbeddedExecutor.builder().runner(TestRunners.echo()).build());
    assertTrue(failure.getMessage().contains("dataSource(...)"), failure::getMessage);
  }

  @Test
  void aDataSourceAndAUrlTogetherAreRejected() {
    var builder =
        EmbeddedExecutor.builder()
            .dataSource(UNUSED)
            .databaseUrl("postgresql://localhost/x", 2)
            .runner(TestRunners.echo());
    var failure = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(failure.getMessage().contains("only one"), failure::getMessage);
  }

  @Test
  void theRunnerIsRequired() {
    var failure =
        assertThrows(
            IllegalStateException.class,
            () -> EmbeddedExecutor.builder().dataSource(UNUSED).build());
    assertTrue(failure.getMessage().contains("runner(...)"), failure::getMessage);
  }

  @Test
  void poolMetricsNeedTheUrlForm() {
    var builder =
        EmbeddedExecutor.builder()
            .dataSource(UNUSED)
            .runner(TestRunners.echo())
            .poolMetrics(new Object());
    var failure = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(failure.getMessage().contains("databaseUrl"), failure::getMessage);
  }

  @Test
  void outOfRangeValuesFailWhereTheyAreGiven() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddedExecutor.builder().workers(-1));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedExecutor.builder().workers(1000));
    assertThrows(
        IllegalArgumentException.class,
        () -> EmbeddedExecutor.builder().databaseUrl("postgresql://localhost/x", 0));
  }

  @Test
  void anInvalidNodeIdFailsTheBuildWithTheSettingsRule() {
    var builder =
        EmbeddedExecutor.builder().dataSource(UNUSED).runner(TestRunners.echo()).nodeId("a b");
    var failure = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(failure.getMessage().contains("NODE_ID"), failure::getMessage);
  }

  @Test
  void aDataSourceOfAnotherDatabaseIsRejected() {
    var builder =
        EmbeddedExecutor.builder().dataSource(fakeDataSource("H2")).runner(TestRunners.echo());
    var failure = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(failure.getMessage().contains("needs PostgreSQL"), failure::getMessage);
  }

  @Test
  void workersAndNodeIdOverrideTheSettingsWhateverTheOrder() {
    EngineSettings given = EngineSettings.defaults("given", "test", 1);
    EngineSettings effective =
        EmbeddedExecutor.builder().workers(80).nodeId("host-a").settings(given).effectiveSettings();
    assertEquals("host-a", effective.nodeId());
    assertEquals(80, effective.numWorkers());
    assertEquals(80, effective.maxWorkers(), "the scale limit grows to the pool size");
    assertEquals(given.lease(), effective.lease());
  }

  @Test
  void aTaskRequestIsTheJsonBodyOfTheSubmitPort() {
    var request =
        TaskRequest.of("word-count")
            .withParameter("text", "a b")
            .withPriority(8)
            .withTimeout(java.time.Duration.ofSeconds(90))
            .withMaxAttempts(2)
            .withIdempotencyKey("k-1");
    assertEquals(
        Map.of(
            "problem_id",
            "word-count",
            "parameters",
            Map.of("text", "a b", "priority", 8, "timeout_minutes", 1.5, "max_attempts", 2)),
        request.body());
    assertEquals("k-1", request.idempotencyKey());
    assertEquals(
        Map.of("timeout_minutes", 5L),
        TaskRequest.of("p").withTimeout(java.time.Duration.ofMinutes(5)).parameters());
  }

  /** A DataSource whose connections claim to be {@code product}; nothing else works. */
  private static DataSource fakeDataSource(String product) {
    DatabaseMetaData metaData =
        proxy(DatabaseMetaData.class, Map.of("getDatabaseProductName", product));
    Connection connection = proxy(Connection.class, Map.of("getMetaData", metaData));
    return proxy(DataSource.class, Map.of("getConnection", connection));
  }

  private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
              }
              if (method.getName().equals("close")) {
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            }));
  }
}
