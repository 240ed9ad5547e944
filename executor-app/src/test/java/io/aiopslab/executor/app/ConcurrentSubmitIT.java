package io.aiopslab.executor.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many clients submitting single tasks at once, on a node without idle slots, so that their inserts
 * are shared (ADR 0010): every POST is answered with its own task exactly as stored, every task is
 * stored once with its one "Task created" entry, and nothing else is.
 */
class ConcurrentSubmitIT {
  private static final int CLIENTS = 16;
  private static final int PER_CLIENT = 25;

  private static TestNode node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.startOnOwnDatabase("shared", Map.of("NUM_INTERNAL_WORKERS", "0"));
    api = node.api();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void concurrentSingleSubmitsAreEachStoredOnceAndAnsweredAsStored() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<List<JsonNode>>> answers = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        answers.add(
            clients.submit(
                () -> {
                  List<JsonNode> created = new ArrayList<>();
                  for (int i = 0; i < PER_CLIENT; i++) {
                    created.add(
                        api.submit(
                            Map.of(
                                "problem_id",
                                "p-" + client + "-" + i,
                                "priority",
                                i % 10,
                                "parameters",
                                Map.of("client", client, "i", i))));
                  }
                  return created;
                }));
      }
      List<JsonNode> created = new ArrayList<>();
      for (Future<List<JsonNode>> answer : answers) {
        created.addAll(answer.get());
      }

      Set<String> ids = new HashSet<>();
      for (JsonNode answer : created) {
        String id = answer.get("id").asText();
        ids.add(id);
        // What the 201 said is what was stored, created_at to the microsecond included.
        assertEquals(answer, api.task(id), id);
        String[] problem = answer.get("problem_id").asText().split("-");
        assertEquals(Integer.parseInt(problem[1]), answer.get("parameters").get("client").asInt());
        assertEquals(Integer.parseInt(problem[2]), answer.get("parameters").get("i").asInt());
        assertEquals(List.of("Task created"), api.logMessages(id), id);
      }
      assertEquals(CLIENTS * PER_CLIENT, ids.size(), "one task per POST");
      assertEquals(
          CLIENTS * PER_CLIENT,
          api.get("/api/v1/tasks?status=pending").expect(200).get("total").asInt());
      assertEquals(
          CLIENTS * PER_CLIENT,
          api.get("/api/v1/tasks/stats").expect(200).get("total_tasks").asInt());
    } finally {
      clients.shutdownNow();
    }
  }
}
