package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops the process before anything starts, naming every bad variable. */
class ConfigurationErrorIT {

  @Test
  void aBadPortEndsTheProcessWithAMessageNamingPort() {
    // A reachable-nowhere database: if the config were accepted, startup would fail differently.
    var env =
        Map.of(
            "PORT", "abc",
            "NUM_INTERNAL_WORKERS", "-1",
            "DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none");
    try (ChildNode child = ChildNode.start("bad-port", env)) {
      int exit = child.awaitExit(Duration.ofSeconds(30));
      String output = child.output();
      assertEquals(2, exit, output);
      assertTrue(output.contains("PORT='abc' must be an integer"), output);
      assertTrue(output.contains("NUM_INTERNAL_WORKERS='-1'"), output);
      assertTrue(!output.contains("Exception"), "no stack trace for a config error: " + output);
    }
  }
}
