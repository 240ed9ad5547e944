package io.aiopslab.executor.process;

import static io.aiopslab.executor.process.TestRuns.request;
import static io.aiopslab.executor.process.TestRuns.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.task.Task;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code drivers/aiopslab/driver.py} through {@link ProcessTaskRunner} against a stub
 * {@code aiopslab} package and a fake OpenAI-compatible endpoint, and checks that its protocol
 * reaches {@code RunEvents} and {@code RunOutcome}.
 */
class AiopsLabDriverIT {

  private static final Path DRIVERS =
      Path.of("").toAbsolutePath().getParent().resolve("drivers/aiopslab");

  @TempDir Path root;
  private HttpServer llm;
  private final List<Map<String, Object>> llmRequests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeLlm() throws IOException {
    llm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    llm.createContext(
        "/v1/chat/completions",
        exchange -> {
          Map<String, Object> body =
              Json.parseObject(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          llmRequests.add(body);
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          @SuppressWarnings("unchecked")
          var messages = (List<Map<String, Object>>) body.get("messages");
          boolean acted = messages.stream().anyMatch(m -> "assistant".equals(m.get("role")));
          boolean wrong = ((String) messages.getFirst().get("content")).contains("wrong");
          String answer =
              !acted
                  ? "exec_shell(\"kubectl get pods -n test-ns\")"
                  : wrong ? "submit(\"No\")" : "submit(\"Yes\")";
          byte[] reply =
              Json.write(
                      Map.of(
                          "choices",
                              List.of(
                                  Map.of(
                                      "message", Map.of("role", "assistant", "content", answer))),
                          "usage", Map.of("prompt_tokens", 100, "completion_tokens", 20)))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, reply.length);
          try (var out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    llm.start();
  }

  @AfterEach
  void stopFakeLlm() {
    llm.stop(0);
  }

  private ProcessTaskRunner driverRunner() {
    return new ProcessTaskRunner(
        ProcessRunnerConfig.of(List.of("python3", DRIVERS.resolve("driver.py").toString()), root)
            .withEnvironment(
                Map.of(
                    "PYTHONPATH",
                    DRIVERS.resolve("tests/stub").toString(),
                    "OPENAI_BASE_URL",
                    "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1",
                    "OPENAI_API_KEY",
                    "test-key")));
  }

  @Test
  void aSolvedProblemCompletesWithTheEvaluationAndTheConversation() throws IOException {
    Task task =
        task(
            "k8s_target_port-misconfig-detection-1",
            "{\"max_steps\": 5, \"agent_config\": {\"model\": \"gpt-4o\", \"temperature\": 0.1}}");
    RunRequest request = request(task);
    var events = new RecordingEvents();

    RunOutcome outcome = driverRunner().run(request, events);

    var succeeded =
        assertInstanceOf(RunOutcome.Succeeded.class, outcome, () -> outcome + " " + events.logs);
    Map<String, Object> result = succeeded.result();
    assertEquals(true, result.get("success"));
    assertEquals("k8s_target_port-misconfig-detection-1", result.get("problem_id"));
    assertEquals(request.conversationId().toString(), result.get("conversation_id"));
    assertEquals("session-1", result.get("session_id"));
    assertEquals(6L, result.get("total_messages"));
    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) result.get("solution");
    assertEquals("Correct", solution.get("Detection Accuracy"));
    assertEquals(2L, solution.get("steps"));

    assertEquals(
        List.of("system", "user", "user", "assistant", "user", "assistant"),
        events.messages.stream().map(RecordingEvents.Message::role).toList());
    assertEquals(
        List.of("system", "instructions", "observation", "action", "observation", "action"),
        events.messages.stream().map(m -> m.metadata().get("type")).toList());
    assertEquals(Map.of("step", 2L, "type", "action"), events.messages.get(5).metadata());
    assertEquals("submit(\"Yes\")", events.messages.get(5).content());
    assertTrue(
        events.messages.get(4).content().contains("CrashLoopBackOff"),
        "the environment's answer is the next observation");
    assertEquals(
        List.of(
            Map.of("step", 1L, "of", 5L, "total_tokens", 120L),
            Map.of("step", 2L, "of", 5L, "total_tokens", 240L)),
        events.progress);
    assertTrue(
        events.logs.stream()
            .anyMatch(l -> l.level() == LogLevel.INFO && l.message().startsWith("Session ID: ")),
        "AIOpsLab's prints arrive as info logs");

    assertEquals(2, llmRequests.size());
    assertEquals("gpt-4o", llmRequests.getFirst().get("model"));
    assertEquals(0.1, llmRequests.getFirst().get("temperature"));
    assertEquals(List.of("Bearer test-key", "Bearer test-key"), authorizations);
    Path results = root.resolve(task.id().toString()).resolve("attempt-1").resolve("results");
    try (Stream<Path> files = Files.list(results)) {
      assertEquals(1, files.count(), "AIOpsLab wrote its session into the per-attempt results dir");
    }
  }

  @Test
  void aWrongAnswerFailsTheTaskAndKeepsTheEvaluation() {
    Task task =
        task(
            "k8s_target_port-misconfig-detection-wrong",
            "{\"max_steps\": 5, \"agent_config\": {\"model\": \"gpt-4o\"}}");

    RunOutcome outcome = driverRunner().run(request(task), new RecordingEvents());

    var failed = assertInstanceOf(RunOutcome.Failed.class, outcome);
    assertEquals(false, failed.result().get("success"));
    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) failed.result().get("solution");
    assertEquals("Incorrect", solution.get("Detection Accuracy"));
    assertEquals("AIOpsLab evaluation: the agent did not solve the problem", failed.errorDetails());
  }

  @Test
  void aRunThatRaisesFailsWithTheErrorAndTheTraceback() {
    Task task =
        task(
            "pod_crash-detection-1",
            "{\"max_steps\": 5, \"agent_config\": {\"model\": \"gpt-4o\"}}");
    var events = new RecordingEvents();

    RunOutcome outcome = driverRunner().run(request(task), events);

    var failed = assertInstanceOf(RunOutcome.Failed.class, outcome);
    assertEquals(false, failed.result().get("success"));
    assertEquals(
        "RuntimeError: cluster unreachable: connection refused",
        failed.result().get("error_details"));
    assertTrue(
        failed.errorDetails().startsWith("Runner exited with code 1: "), failed.errorDetails());
    assertTrue(
        failed.errorDetails().endsWith("RuntimeError: cluster unreachable: connection refused"),
        failed.errorDetails());
    assertEquals(4, events.messages.size(), "the turns before the crash were reported");
  }

  @Test
  void withoutAiopsLabOnThePathTheRunFailsSayingSo() {
    var runner =
        new ProcessTaskRunner(
            ProcessRunnerConfig.of(
                    List.of("python3", DRIVERS.resolve("driver.py").toString()), root)
                .withEnvironment(Map.of("PYTHONPATH", root.toString())));

    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class, runner.run(request(task("p-1", "{}")), new RecordingEvents()));

    assertTrue(
        failed
            .errorDetails()
            .startsWith("Runner exited with code 2: driver: cannot import AIOpsLab"),
        failed.errorDetails());
  }
}
