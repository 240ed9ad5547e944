package io.aiopslab.executor.ports.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the fakes promise beyond the SPI contract: exact clock, synchronous wake-ups, isolation. */
class InMemoryStoreTest {

  private static final TaskSubmissionRules RULES =
      new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemoryStore store = new InMemoryStore(clock);

  @Test
  void everyTimestampIsTheStoreClockExactly() {
    Task submitted = store.queue().submit(List.of(task("p"))).getFirst();
    Instant claimAt = clock.advance(Duration.ofSeconds(5));

    Task claimed =
        store
            .queue()
            .claim(new ClaimRequest(List.of("w-1"), "orchestrator", Duration.ofSeconds(15)))
            .getFirst();

    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), submitted.createdAt());
    assertEquals(claimAt, claimed.startedAt());
    assertEquals(claimAt, claimed.updatedAt());
    assertEquals(claimAt.plusSeconds(15), claimed.lease().expiresAt());
    assertEquals(5.0, store.queue().statistics().averageWaitSeconds());
  }

  @Test
  void listenersAreCalledSynchronouslyUntilUnsubscribed() throws Exception {
    var heard = new ArrayList<String>();
    AutoCloseable subscription = store.notifications().subscribe(recorder(heard));

    Task task = store.queue().submit(List.of(task("p"))).getFirst();
    store.queue().cancel(task.id());
    store.notifications().simulateReconnect();
    subscription.close();
    store.queue().submit(List.of(task("q")));

    assertEquals(List.of("available", "cancelled " + task.id(), "available"), heard);
  }

  @Test
  void aListenerMayCallBackIntoTheStore() {
    var claimed = new ArrayList<Task>();
    store
        .notifications()
        .subscribe(
            new QueueNotifications.Listener() {
              @Override
              public void tasksAvailable() {
                claimed.addAll(
                    store
                        .queue()
                        .claim(new ClaimRequest(List.of("w-1"), "x", Duration.ofSeconds(1))));
              }

              @Override
              public void taskCancelled(TaskId taskId) {}
            });

    Task task = store.queue().submit(List.of(task("p"))).getFirst();

    assertEquals(List.of(task.id()), claimed.stream().map(Task::id).toList());
  }

  @Test
  void storedJsonIsIsolatedFromCallers() {
    var metadata = new LinkedHashMap<String, Object>(Map.of("team", "sre"));
    var body = new LinkedHashMap<String, Object>();
    body.put("problem_id", "p");
    body.put("parameters", new LinkedHashMap<>(Map.of("metadata", metadata)));
    NewTask input = RULES.single(body, null);
    Task stored = store.queue().submit(List.of(input)).getFirst();

    input.parameters().put("injected", true);

    Task found = store.queue().find(stored.id()).orElseThrow();
    assertEquals(false, found.parameters().containsKey("injected"));
    assertThrows(UnsupportedOperationException.class, () -> found.parameters().put("x", 1));
    @SuppressWarnings("unchecked")
    var storedMetadata = (Map<String, Object>) found.parameters().get("metadata");
    assertThrows(UnsupportedOperationException.class, () -> storedMetadata.put("x", 1));
  }

  @Test
  void mutableClockMovesOnlyWhenTold() {
    Instant start = clock.instant();

    assertEquals(start, clock.instant());
    assertEquals(start.plusMillis(250), clock.advance(Duration.ofMillis(250)));
    clock.set(Instant.parse("2030-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), clock.instant());
    var zoned = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(clock.instant(), zoned.instant());
    assertEquals(ZoneId.of("Europe/Paris"), zoned.getZone());
  }

  @Test
  void theFixtureElapsesTheStoreClock() {
    var fixture = new InMemorySpiFixture(store);
    Instant before = clock.instant();

    fixture.elapse(Duration.ofMinutes(2));

    assertEquals(before.plus(Duration.ofMinutes(2)), store.clock().instant());
  }

  private static NewTask task(String problemId) {
    return RULES.single(Map.of("problem_id", problemId), null);
  }

  private static QueueNotifications.Listener recorder(List<String> heard) {
    return new QueueNotifications.Listener() {
      @Override
      public void tasksAvailable() {
        heard.add("available");
      }

      @Override
      public void taskCancelled(TaskId taskId) {
        heard.add("cancelled " + taskId);
      }
    };
  }
}
