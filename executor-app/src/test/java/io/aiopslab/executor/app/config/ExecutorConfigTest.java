package io.aiopslab.executor.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorConfigTest {

  @Test
  void defaultsAreThoseOfTheOriginalAndTheDesign() {
    ExecutorConfig config = ExecutorConfig.from(Map.of("NODE_ID", "n1"));
    assertEquals("127.0.0.1", config.host());
    assertEquals(8000, config.port());
    assertNull(config.databaseUrl());
    assertTrue(config.embeddedDatabase());
    assertEquals(3, config.numInternalWorkers());
    assertEquals(64, config.maxInternalWorkers());
    assertTrue(config.autoStartWorkers());
    assertEquals("orchestrator", config.backendType());
    assertEquals(Duration.ofSeconds(15), config.lease());
    assertEquals(Duration.ofSeconds(60), config.workerHeartbeatTimeout());
    assertEquals(Duration.ofSeconds(10), config.timeoutCheckInterval());
    assertEquals(Duration.ofSeconds(30), config.shutdownGrace());
    assertEquals(Duration.ofDays(30), config.retention());
    assertEquals(0, config.workerPrefetch(), "no claiming ahead unless asked for");
    assertEquals(30, config.submissionDefaults().maxSteps());
    assertEquals(30, config.submissionDefaults().timeoutMinutes());
    assertEquals(5, config.submissionDefaults().priority());
    assertEquals(3, config.submissionDefaults().maxAttempts());
    assertEquals("gpt-4", config.submissionDefaults().agentModel());
    assertEquals(ExecutorConfig.RunnerKind.SIMULATED, config.runner());
    assertEquals(1024 * 1024, config.maxBodyBytes());
  }

  @Test
  void badValuesAreAllReportedWithTheirVariableNames() {
    var error =
        assertThrows(
            InvalidConfiguration.class,
            () ->
                ExecutorConfig.from(
                    Map.of(
                        "PORT", "eighty",
                        "NUM_INTERNAL_WORKERS", "-1",
                        "LEASE_SECONDS", "0",
                        "AUTO_START_WORKERS", "maybe",
                        "DEFAULT_TIMEOUT_MINUTES", "2000",
                        "DATABASE_URL", "mysql://x",
                        "WORKER_PREFETCH", "1001")));
    List<String> problems = error.problems();
    assertEquals(7, problems.size(), problems::toString);
    for (String variable :
        List.of(
            "PORT",
            "NUM_INTERNAL_WORKERS",
            "LEASE_SECONDS",
            "AUTO_START_WORKERS",
            "DEFAULT_TIMEOUT_MINUTES",
            "DATABASE_URL",
            "WORKER_PREFETCH")) {
      assertTrue(
          problems.stream().anyMatch(p -> p.startsWith(variable)), variable + " in " + problems);
    }
  }

  @Test
  void agentModelIsTheFirstNonEmptyOfTheThreeVariables() {
    var config =
        ExecutorConfig.from(
            Map.of(
                "NODE_ID",
                "n",
                "OPENROUTER_MODEL",
                " ",
                "OPENAI_MODEL",
                "gpt-4o",
                "DEFAULT_AGENT_MODEL",
                "x"));
    assertEquals("gpt-4o", config.submissionDefaults().agentModel());
  }

  @Test
  void processRunnerNeedsACommandGivenAsJsonArrayOrPlainWords() {
    assertThrows(
        InvalidConfiguration.class,
        () -> ExecutorConfig.from(Map.of("EXECUTOR_RUNNER", "process")));
    var json =
        ExecutorConfig.from(
            Map.of(
                "EXECUTOR_RUNNER",
                "process",
                "EXECUTOR_PROCESS_COMMAND",
                "[\"python3\", \"a b.py\"]"));
    assertEquals(List.of("python3", "a b.py"), json.process().command());
    var words =
        ExecutorConfig.from(
            Map.of("EXECUTOR_RUNNER", "PROCESS", "EXECUTOR_PROCESS_COMMAND", "python3  driver.py"));
    assertEquals(List.of("python3", "driver.py"), words.process().command());
  }

  @Test
  void environmentWinsOverDotEnv(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".env");
    Files.writeString(
        file,
        """
        # comment
        export PORT=9000
        NUM_INTERNAL_WORKERS="7"
        HOST=0.0.0.0 # trailing comment
        """);
    var merged = DotEnv.withEnvironment(file, Map.of("PORT", "9100"));
    var config = ExecutorConfig.from(merged);
    assertEquals(9100, config.port());
    assertEquals(7, config.numInternalWorkers());
    assertEquals("0.0.0.0", config.host());
  }
}
