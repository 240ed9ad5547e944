package io.aiopslab.executor.ports.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.StoreProbe;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.domain.worker.WorkerRegistration;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.fakes.MutableClock;
import io.aiopslab.executor.ports.health.CheckHealth.HealthReport;
import io.aiopslab.executor.ports.health.CheckHealth.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** API.md "/health" and "/ready": healthy, degraded, unhealthy; ready only once started. */
class HealthServiceTest {

  private final MutableClock clock = new MutableClock();
  private final InMemoryStore store = new InMemoryStore(clock);
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);
  private final AtomicBoolean started = new AtomicBoolean(true);
  private final StoreProbe probe =
      () -> {
        if (!databaseUp.get()) {
          throw new StorageUnavailable("connection refused", null);
        }
        return Duration.ofMillis(3).plusNanos(500_000);
      };
  private final HealthService service =
      new HealthService(probe, store.queue(), store.workers(), started::get, clock, "1.2.3");

  @Test
  void degradedWhenNoWorkerIsIdleOrBusy() {
    store.workers().register(new WorkerRegistration("w-1", "orchestrator", null, null));
    store.workers().markOffline(List.of("w-1"));

    HealthReport report = service.health();

    assertEquals(Status.DEGRADED, report.status());
    assertTrue(report.databaseConnected());
    assertEquals(1, report.workers().offline());
    assertEquals(0, service.health().queue().total());
  }

  @Test
  void healthyWithAnIdleWorker() {
    store.workers().register(new WorkerRegistration("w-1", "orchestrator", null, null));

    HealthReport report = service.health();

    assertEquals(Status.HEALTHY, report.status());
    assertEquals("1.2.3", report.version());
    assertEquals(clock.instant(), report.timestamp());
    assertEquals(3.5, report.latencyMillis(), 1e-9);
    assertEquals(1, report.workers().idle());
  }

  @Test
  void healthyWithOnlyABusyWorkerAndCountsTheQueue() {
    store.workers().register(new WorkerRegistration("w-1", "orchestrator", null, null));
    store.queue().submit(List.of(task(), task()));
    var claimed =
        store
            .queue()
            .claim(new ClaimRequest(List.of("w-1"), "orchestrator", Duration.ofSeconds(60)))
            .getFirst();
    store.workers().heartbeat("w-1", WorkerStatus.BUSY, claimed.id());

    HealthReport report = service.health();

    assertEquals(Status.HEALTHY, report.status());
    assertEquals(0, report.workers().idle());
    assertEquals(1, report.workers().busy());
    assertEquals(1, report.queue().count(TaskStatus.PENDING));
    assertEquals(1, report.queue().count(TaskStatus.RUNNING));
  }

  @Test
  void unhealthyWhenTheDatabaseDoesNotAnswer() {
    store.workers().register(new WorkerRegistration("w-1", "orchestrator", null, null));
    databaseUp.set(false);

    HealthReport report = service.health();

    assertEquals(Status.UNHEALTHY, report.status());
    assertFalse(report.databaseConnected());
    assertNull(report.latencyMillis());
    assertNull(report.workers());
    assertNull(report.queue());
    assertEquals("1.2.3", report.version());
    assertEquals(clock.instant(), report.timestamp());
  }

  @Test
  void readyOnlyOnceStartedAndWhileTheDatabaseAnswers() {
    started.set(false);
    assertFalse(service.ready(), "not started");

    started.set(true);
    assertTrue(service.ready());

    databaseUp.set(false);
    assertFalse(service.ready(), "database down");
  }

  private static io.aiopslab.executor.domain.task.NewTask task() {
    return new TaskSubmissionRules(SubmissionDefaults.ORIGINAL)
        .single(Map.of("problem_id", "p"), null);
  }
}
