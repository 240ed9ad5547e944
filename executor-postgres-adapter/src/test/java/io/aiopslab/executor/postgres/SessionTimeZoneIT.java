package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Finish;
import io.aiopslab.executor.domain.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Instants are instants: neither the session's nor the JVM's time zone may shift them. */
class SessionTimeZoneIT {

  private static TestDatabases.TestDatabase database;
  private static TaskQueue utc;
  private static TaskQueue kolkata;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    utc =
        PostgresStore.on(
                database.newPool(
                    PostgresDataSources.PoolSettings.of(2)
                        .withName("utc")
                        .withConnectionInitSql("SET TIME ZONE 'UTC'")))
            .queue();
    kolkata =
        PostgresStore.on(
                database.newPool(
                    PostgresDataSources.PoolSettings.of(2)
                        .withName("kolkata")
                        .withConnectionInitSql("SET TIME ZONE 'Asia/Kolkata'")))
            .queue();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void aSessionTimeZoneChangesNoInstant() {
    Instant before = Instant.now().minusSeconds(5);
    Task submitted = kolkata.submit(List.of(Samples.task("tz"))).getFirst();
    Task claimed =
        kolkata
            .claim(new ClaimRequest(List.of("w"), "orchestrator", Duration.ofSeconds(30)))
            .getFirst();
    Instant after = Instant.now().plusSeconds(5);

    assertEquals(submitted.createdAt(), utc.find(submitted.id()).orElseThrow().createdAt());
    Task seenInUtc = utc.find(claimed.id()).orElseThrow();
    assertEquals(claimed, seenInUtc);
    assertTrue(claimed.startedAt().isAfter(before) && claimed.startedAt().isBefore(after));
    Duration lease = Duration.between(claimed.startedAt(), claimed.lease().expiresAt());
    assertEquals(Duration.ofSeconds(30), lease);
    // The lease is 30 s in the future for every session: nobody may reap it now.
    assertTrue(utc.reapExpiredLeases(10).isEmpty());
    assertTrue(kolkata.reapExpiredLeases(10).isEmpty());
    Task done =
        utc.finish(List.of(Finish.completed(claimed.leaseRef().orElseThrow(), Map.of())))
            .getFirst();
    assertEquals(done, kolkata.find(done.id()).orElseThrow());
  }

  @Test
  void theJvmTimeZoneChangesNoInstant() {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      Task submitted = utc.submit(List.of(Samples.task("jvm-tz"))).getFirst();
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertEquals(submitted, kolkata.find(submitted.id()).orElseThrow());
      assertTrue(Duration.between(submitted.createdAt(), Instant.now()).abs().toSeconds() < 5);
    } finally {
      TimeZone.setDefault(original);
    }
  }
}
