package io.aiopslab.executor.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void timeoutMessageShowsTheMinutesAsGiven() {
    assertEquals("Task exceeded timeout limit of 0.05 minutes", task(0.05, null).timeoutMessage());
    assertEquals("Task exceeded timeout limit of 30 minutes", task(30, null).timeoutMessage());
    assertEquals("Task exceeded timeout limit of 30 minutes", task(30.0, null).timeoutMessage());
    assertEquals("Task exceeded timeout limit of 1.5 minutes", task(1.50, null).timeoutMessage());
    assertEquals(
        "Task exceeded timeout limit of 0.005 minutes",
        task(new BigDecimal("0.0050"), null).timeoutMessage());
  }

  @Test
  void formatMinutesNeverUsesExponents() {
    assertEquals("0.0000001", Task.formatMinutes(1e-7));
    assertEquals("1440", Task.formatMinutes(1440L));
    assertEquals("100", Task.formatMinutes(1e2));
  }

  @Test
  void timeoutConvertsFractionalMinutes() {
    assertEquals(Duration.ofSeconds(3), Task.timeoutOf(0.05));
    assertEquals(Duration.ofMillis(300), Task.timeoutOf(0.005));
    assertEquals(Duration.ofMinutes(30), task(30, null).timeout());
  }

  @Test
  void deadlineIsStartedAtPlusTimeoutAndEmptyUntilStarted() {
    assertTrue(task(30, null).deadline().isEmpty());
    Instant started = CREATED.plusSeconds(10);

    assertEquals(started.plusSeconds(3), task(0.05, started).deadline().orElseThrow());
  }

  @Test
  void leaseRefExistsOnlyWithALease() {
    Task pending = task(30, null);
    assertTrue(pending.leaseRef().isEmpty());
    var lease = new Lease(UUID.randomUUID(), CREATED.plusSeconds(15));
    Task running =
        new Task(
            pending.id(),
            "p",
            TaskStatus.RUNNING,
            Map.of(),
            5,
            null,
            30,
            "w-1",
            1,
            3,
            lease,
            null,
            null,
            CREATED,
            CREATED,
            CREATED,
            null);

    assertEquals(new LeaseRef(pending.id(), lease.token()), running.leaseRef().orElseThrow());
    assertEquals(lease, running.currentLease().orElseThrow());
  }

  @Test
  void taskIdParsesOnlyCanonicalUuids() {
    TaskId id = TaskId.generate();

    assertEquals(id, TaskId.parse(id.toString()).orElseThrow());
    assertTrue(TaskId.parse("not-a-uuid").isEmpty());
    assertTrue(TaskId.parse("1-1-1-1-1").isEmpty());
    assertTrue(TaskId.parse(null).isEmpty());
    assertTrue(TaskId.parse(id.toString().replace('-', 'x')).isEmpty());
  }

  @Test
  void generatedIdsAreVersion7WithTheClocksTimeFirstSoLaterIdsSortLater() {
    Instant now = Instant.parse("2026-11-27T23:59:59.123Z");
    TaskId first = TaskId.generate(Clock.fixed(now, ZoneOffset.UTC));
    TaskId second = TaskId.generate(Clock.fixed(now.plusMillis(1), ZoneOffset.UTC));

    for (TaskId id : List.of(first, second)) {
      assertEquals(7, id.value().version());
      assertEquals(2, id.value().variant());
    }
    assertEquals(now.toEpochMilli(), first.value().getMostSignificantBits() >>> 16);
    // PostgreSQL orders uuids byte by byte, i.e. as unsigned numbers from the most significant end.
    assertTrue(
        Long.compareUnsigned(
                first.value().getMostSignificantBits(), second.value().getMostSignificantBits())
            < 0);
    var many = new HashSet<TaskId>();
    Clock frozen = Clock.fixed(now, ZoneOffset.UTC);
    for (int i = 0; i < 100_000; i++) {
      assertTrue(many.add(TaskId.generate(frozen)), "duplicate id within one millisecond at " + i);
    }
  }

  @Test
  void sortParsesEveryFieldInBothDirectionsAndNothingElse() {
    for (TaskSort.Field field : TaskSort.Field.values()) {
      assertEquals(new TaskSort(field, false), TaskSort.parse(field.wireName()).orElseThrow());
      assertEquals(new TaskSort(field, true), TaskSort.parse("-" + field.wireName()).orElseThrow());
      assertEquals("-" + field.wireName(), new TaskSort(field, true).wireName());
    }
    assertTrue(TaskSort.parse("id").isEmpty());
    assertTrue(TaskSort.parse("").isEmpty());
    assertTrue(TaskSort.parse("-").isEmpty());
    assertTrue(TaskSort.parse("CREATED_AT").isEmpty());
    assertEquals(TaskSort.parse("-created_at").orElseThrow(), TaskSort.DEFAULT);
  }

  private static Task task(Number timeoutMinutes, Instant startedAt) {
    return new Task(
        TaskId.generate(),
        "p",
        startedAt == null ? TaskStatus.PENDING : TaskStatus.RUNNING,
        Map.of(),
        5,
        null,
        timeoutMinutes,
        null,
        0,
        3,
        null,
        null,
        null,
        CREATED,
        CREATED,
        startedAt,
        null);
  }
}
