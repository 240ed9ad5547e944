package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgQueueNotificationsIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final AtomicInteger reconnects = new AtomicInteger();
  private AutoCloseable subscription;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    store = database.newStore(2);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void subscribe() {
    var notifications = (PgQueueNotifications) store.notifications();
    Eventually.await("the LISTEN connection", WAIT, notifications::isListening);
    subscription =
        store
            .notifications()
            .subscribe(
                new QueueNotifications.Listener() {
                  @Override
                  public void tasksAvailable() {
                    events.add("available");
                  }

                  @Override
                  public void taskCancelled(TaskId taskId) {
                    events.add("cancelled " + taskId);
                  }

                  @Override
                  public void reconnected() {
                    reconnects.incrementAndGet();
                  }
                });
  }

  @AfterEach
  void unsubscribe() throws Exception {
    subscription.close();
  }

  @Test
  void aBatchSubmitWakesListenersOnce() throws Exception {
    store.queue().submit(List.of(Samples.task("a"), Samples.task("b"), Samples.task("c")));
    assertEquals("available", events.poll(10, TimeUnit.SECONDS));
    assertEquals(null, events.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  void concurrentSubmitsAreAlwaysFollowedByAWakeUp() throws Exception {
    // Whatever the interleaving of 8 threads x 25 submits, a wake-up arrives after the last
    // submit began: no debouncing may swallow the last one.
    var arrivals = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
    try (var timed =
        store
            .notifications()
            .subscribe(
                new QueueNotifications.Listener() {
                  @Override
                  public void tasksAvailable() {
                    arrivals.add(System.nanoTime());
                  }

                  @Override
                  public void taskCancelled(TaskId taskId) {}
                })) {
      var lastSubmitBegan = new java.util.concurrent.atomic.AtomicLong();
      var threads = new java.util.ArrayList<Thread>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 25; i++) {
                        lastSubmitBegan.accumulateAndGet(System.nanoTime(), Math::max);
                        store.queue().submit(List.of(Samples.task("c-" + thread + "-" + i)));
                      }
                    }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      Eventually.await(
          "a wake-up after the last submit began",
          WAIT,
          () -> arrivals.stream().anyMatch(at -> at > lastSubmitBegan.get()));
    }
  }

  @Test
  void cancelNamesTheTask() throws Exception {
    Task task = store.queue().submit(List.of(Samples.task("a"))).getFirst();
    assertEquals("available", events.poll(10, TimeUnit.SECONDS));
    store.queue().cancel(task.id());
    assertEquals("cancelled " + task.id(), events.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void aHandBackWakesListeners() throws Exception {
    store.queue().submit(List.of(Samples.task("a")));
    assertEquals("available", events.poll(10, TimeUnit.SECONDS));
    Task running =
        store
            .queue()
            .claim(new ClaimRequest(List.of("w"), "orchestrator", Duration.ofMinutes(1)))
            .getFirst();
    store.queue().handBack(List.of(running.leaseRef().orElseThrow()), "draining");
    assertEquals("available", events.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void theListenConnectionComesBackAfterItsBackendIsTerminated() throws Exception {
    int terminated = terminateListenBackends();
    assertEquals(1, terminated);

    Eventually.await("reconnected()", WAIT, () -> reconnects.get() == 1);
    store.queue().submit(List.of(Samples.task("after")));
    assertEquals("available", events.poll(10, TimeUnit.SECONDS));
  }

  private static int terminateListenBackends() throws Exception {
    try (var c = database.target().open();
        Statement s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = '"
                    + PostgresStore.LISTEN_APPLICATION_NAME
                    + "'")) {
      r.next();
      return r.getInt(1);
    }
  }
}
