package io.aiopslab.executor.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.postgres.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the example as CI does, against real PostgreSQL (see TestDatabases). */
class MainIT {

  @Test
  void theExampleCountsWordsAndShutsDown() throws Exception {
    var bytes = new ByteArrayOutputStream();
    List<Task> finished;
    try (var database = TestDatabases.create();
        var pool = Main.hostPool(database.target().jdbcUrl() + credentials(database));
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      finished = Main.run(pool, out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(3, finished.size());
    assertEquals(TaskStatus.COMPLETED, finished.get(0).status());
    Map<String, Object> first = finished.get(0).result();
    assertEquals(10, ((Number) first.get("words")).intValue());
    assertEquals(8, ((Number) first.get("distinct")).intValue());
    assertEquals("be", first.get("most_frequent"));
    assertEquals(TaskStatus.COMPLETED, finished.get(1).status());
    assertEquals("the", finished.get(1).result().get("most_frequent"));
    assertEquals(TaskStatus.FAILED, finished.get(2).status());
    assertEquals("parameters.text must be a string", finished.get(2).errorDetails());
    for (Task task : finished) {
      int submitted = printed.indexOf("submitted " + task.id());
      int started = printed.indexOf("started   " + task.id());
      int done = printed.indexOf("finished  " + task.id());
      assertTrue(0 <= submitted && submitted < started && started < done, printed);
    }
  }

  private static String credentials(TestDatabases.TestDatabase database) {
    var target = database.target();
    String query = target.jdbcUrl().contains("?") ? "&" : "?";
    return query
        + "user="
        + target.user()
        + (target.password() != null ? "&password=" + target.password() : "");
  }
}
