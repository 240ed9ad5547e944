package io.aiopslab.executor.ports.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskQuery;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.Polling;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent single submits share one insert: the first insert is held open while others arrive,
 * then they go in together. Over the in-memory queue, watched through a proxy that records each
 * insert's size and can hold or refuse it.
 */
class SharedInsertsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final TaskSubmissionRules RULES =
      new TaskSubmissionRules(SubmissionDefaults.ORIGINAL);

  private final InMemoryStore store = new InMemoryStore();
  private final List<Integer> insertSizes = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstInsertHeld = new CountDownLatch(1);
  private final CountDownLatch releaseFirstInsert = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  /** What an insert of these tasks does instead of storing them; null stores them. */
  private volatile Function<List<NewTask>, RuntimeException> refusal = tasks -> null;

  private final SharedInserts inserts = new SharedInserts(watchedQueue());

  @AfterEach
  void stopCallers() {
    releaseFirstInsert.countDown();
    callers.shutdownNow();
  }

  @Test
  void submitsArrivingDuringAnInsertGoInTheNextOneTogetherAndEachCallerGetsItsOwnTask()
      throws Exception {
    Future<Task> first = callers.submit(() -> inserts.submit(task("p-first")));
    assertTrue(firstInsertHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    List<NewTask> later = new ArrayList<>();
    List<Future<Task>> answers = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      NewTask task = task("p-" + i);
      later.add(task);
      answers.add(callers.submit(() -> inserts.submit(task)));
    }
    await(() -> inserts.waiting() == 15, "15 submits waiting for the insert in flight");

    releaseFirstInsert.countDown();

    assertEquals("p-first", first.get(WAIT.toSeconds(), TimeUnit.SECONDS).problemId());
    for (int i = 0; i < later.size(); i++) {
      Task answered = answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(later.get(i).id(), answered.id());
      assertEquals(answered, store.queue().find(answered.id()).orElseThrow());
    }
    assertEquals(List.of(1, 15), insertSizes, "one insert alone, then one for all who waited");
    assertEquals(16, store.queue().list(TaskQuery.firstPage()).total());
  }

  @Test
  void aSubmitOnAQuietQueueIsStoredAtOnceAlone() {
    releaseFirstInsert.countDown();

    Task stored = inserts.submit(task("p-alone"));

    assertEquals(List.of(1), insertSizes);
    assertEquals(stored, store.queue().find(stored.id()).orElseThrow());
  }

  @Test
  void aTaskRefusedForItsDataFailsOnlyItsOwnCaller() throws Exception {
    NewTask bad = task("p-bad");
    refusal =
        tasks ->
            tasks.stream().anyMatch(t -> t.id().equals(bad.id()))
                ? new IllegalArgumentException("refused " + bad.id())
                : null;
    Future<Task> first = callers.submit(() -> inserts.submit(task("p-first")));
    assertTrue(firstInsertHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    NewTask good1 = task("p-good-1");
    NewTask good2 = task("p-good-2");
    Future<Task> answer1 = callers.submit(() -> inserts.submit(good1));
    Future<Task> answerBad = callers.submit(() -> inserts.submit(bad));
    Future<Task> answer2 = callers.submit(() -> inserts.submit(good2));
    await(() -> inserts.waiting() == 3, "3 submits waiting");

    releaseFirstInsert.countDown();

    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(good1.id(), answer1.get(WAIT.toSeconds(), TimeUnit.SECONDS).id());
    assertEquals(good2.id(), answer2.get(WAIT.toSeconds(), TimeUnit.SECONDS).id());
    assertInstanceOf(IllegalArgumentException.class, failureOf(answerBad));
    assertTrue(store.queue().find(bad.id()).isEmpty());
    assertEquals(3, store.queue().list(TaskQuery.firstPage()).total());
    // The shared insert of three was refused; each was then tried alone.
    assertEquals(List.of(1, 3, 1, 1, 1), insertSizes);
  }

  @Test
  void storageUnavailableFailsTheWholeGroupAtOnceWithoutRetrying() throws Exception {
    refusal =
        tasks ->
            tasks.size() > 1
                ? new StorageUnavailable("database down", new RuntimeException())
                : null;
    Future<Task> first = callers.submit(() -> inserts.submit(task("p-first")));
    assertTrue(firstInsertHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    List<Future<Task>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NewTask task = task("p-" + i);
      answers.add(callers.submit(() -> inserts.submit(task)));
    }
    await(() -> inserts.waiting() == 3, "3 submits waiting");

    releaseFirstInsert.countDown();

    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    for (Future<Task> answer : answers) {
      assertInstanceOf(StorageUnavailable.class, failureOf(answer));
    }
    assertEquals(List.of(1, 3), insertSizes);
    assertEquals(1, store.queue().list(TaskQuery.firstPage()).total());
  }

  @Test
  void aCallerArrivingAfterAnInsertEndsLeadsTheNextOneWithoutWaiting() throws Exception {
    releaseFirstInsert.countDown();
    List<TaskId> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(inserts.submit(task("p-" + i)).id());
    }

    assertEquals(List.of(1, 1, 1), insertSizes);
    assertEquals(0, inserts.waiting());
    assertEquals(3, ids.stream().distinct().count());
  }

  private static NewTask task(String problemId) {
    return RULES.single(Map.of("problem_id", problemId), null);
  }

  private static Throwable failureOf(Future<Task> answer) throws Exception {
    try {
      answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    return fail("expected the submit to fail");
  }

  /** The in-memory queue; its submit records the insert's size, holds the first, may refuse. */
  private TaskQueue watchedQueue() {
    TaskQueue real = store.queue();
    return (TaskQueue)
        Proxy.newProxyInstance(
            TaskQueue.class.getClassLoader(),
            new Class<?>[] {TaskQueue.class},
            (proxy, method, args) -> {
              if (method.getName().equals("submit")) {
                @SuppressWarnings("unchecked")
                List<NewTask> tasks = (List<NewTask>) args[0];
                insertSizes.add(tasks.size());
                if (insertSizes.size() == 1) {
                  firstInsertHeld.countDown();
                  if (!releaseFirstInsert.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first insert was never released");
                  }
                }
                RuntimeException refused = refusal.apply(tasks);
                if (refused != null) {
                  throw refused;
                }
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void await(BooleanSupplier condition, String what) {
    Polling.until(condition, what, WAIT);
  }
}
