package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecutorNodeTest {

  @Test
  void theBannerNeverShowsADatabasePassword() {
    assertEquals(
        "postgresql://app:***@db:5432/tasks",
        ExecutorNode.redact("postgresql://app:s3cret@db:5432/tasks"));
    assertEquals(
        "jdbc:postgresql://db/tasks?user=app&password=***&ssl=true",
        ExecutorNode.redact("jdbc:postgresql://db/tasks?user=app&password=s3cret&ssl=true"));
    assertEquals(
        "jdbc:postgresql://db/tasks?password=***",
        ExecutorNode.redact("jdbc:postgresql://db/tasks?password=s3cret"));
    assertEquals("postgresql://db/tasks", ExecutorNode.redact("postgresql://db/tasks"));
  }
}
