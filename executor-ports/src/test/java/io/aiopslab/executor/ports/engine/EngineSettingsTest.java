package io.aiopslab.executor.ports.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    EngineSettings settings = EngineSettings.defaults("node-a", "1.0", 7);
    assertEquals(3, settings.numWorkers());
    assertEquals(64, settings.maxWorkers());
    assertTrue(settings.autoStart());
    assertEquals("orchestrator", settings.backendType());
    assertEquals(Duration.ofSeconds(15), settings.lease());
    assertEquals(Duration.ofSeconds(5), settings.renewInterval());
    assertEquals(Duration.ofSeconds(60), settings.heartbeatTimeout());
    assertEquals(Duration.ofSeconds(10), settings.timeoutCheckInterval());
    assertEquals(Duration.ofSeconds(30), settings.shutdownGrace());
    assertEquals(Duration.ofDays(30), settings.retention());
  }

  @Test
  void workerIdsAreNodeIdWorkerAndThreeDigits() {
    EngineSettings settings = EngineSettings.defaults("node-a", "1.0", 7);
    assertEquals("node-a-worker-001", settings.workerId(1));
    assertEquals("node-a-worker-064", settings.workerId(64));
  }

  @Test
  void rejectsValuesOutOfRange() {
    EngineSettings ok = EngineSettings.defaults("node-a", "1.0", 7);
    assertThrows(IllegalArgumentException.class, () -> ok.withNumWorkers(65));
    assertThrows(IllegalArgumentException.class, () -> ok.withNumWorkers(-1));
    assertThrows(IllegalArgumentException.class, () -> ok.withMaxWorkers(0));
    assertThrows(IllegalArgumentException.class, () -> ok.withBackendType(""));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ok.withTimings(
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> EngineSettings.defaults("bad node", "1.0", 7));
    assertThrows(IllegalArgumentException.class, () -> EngineSettings.defaults("-node", "1.0", 7));
  }

  @Test
  void hostNamesAreSanitisedIntoNodeIds() {
    assertEquals("my-host.local", EngineSettings.sanitiseNodeId("My Host.local"));
    assertEquals("host", EngineSettings.sanitiseNodeId("__host"));
    assertEquals("node", EngineSettings.sanitiseNodeId(""));
    assertEquals("node", EngineSettings.sanitiseNodeId(null));
    EngineSettings.defaults(EngineSettings.sanitiseNodeId("x".repeat(300)), "1.0", 7);
  }
}
