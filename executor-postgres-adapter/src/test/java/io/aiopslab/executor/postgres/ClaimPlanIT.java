package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.task.ClaimRequest;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim's pick walks ix_tasks_claim in claim order whatever the statistics say: here the table
 * was never analyzed and holds 3,000 pending tasks (statistics of an empty table), the case in
 * which the planner used to scan and sort every pending row.
 */
class ClaimPlanIT {
  private static TestDatabases.TestDatabase database;
  private static PostgresStore store;

  @BeforeAll
  static void open() {
    database = TestDatabases.create();
    store = database.newStore(2);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void thePickWalksTheClaimIndexAndTheClaimTakesTheOldestOfTheHighestPriority() throws Exception {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      tasks.add(Samples.withPriority("plan-" + i, i % 3 == 0 ? 7 : 5));
    }
    List<Task> submitted = store.queue().submit(tasks);

    var plans = QueryPlans.explain(database.newPool(PostgresDataSources.PoolSettings.of(1)));
    String pick = plans.get(QueryPlans.PICK_PLAN);
    assertTrue(pick.contains("Index Scan using ix_tasks_claim"), pick);
    assertFalse(pick.contains("Sort"), pick);
    // The generic plan, kept once per session (parameters stay symbols): no planning per claim.
    assertTrue(pick.contains("$1"), pick);
    assertFalse(plans.get("claim 32").contains("Seq Scan on tasks"), plans.get("claim 32"));

    List<Task> claimed =
        store
            .queue()
            .claim(
                new ClaimRequest(
                    Collections.nCopies(8, "plan-worker"), "orchestrator", Duration.ofMinutes(1)));
    List<Task> expected =
        submitted.stream().filter(t -> t.priority() == 7).limit(8).toList(); // submit order
    assertEquals(expected.stream().map(Task::id).toList(), claimed.stream().map(Task::id).toList());
  }
}
