package io.aiopslab.executor.process;

import static io.aiopslab.executor.process.TestRuns.request;
import static io.aiopslab.executor.process.TestRuns.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessTaskRunnerIT {

  @TempDir Path root;

  private ProcessRunnerConfig shell(String script) {
    return ProcessRunnerConfig.of(List.of("sh", "-c", script), root.resolve("work"));
  }

  private static RunOutcome run(
      ProcessRunnerConfig config, RunRequest request, RecordingEvents events) {
    return new ProcessTaskRunner(config).run(request, events);
  }

  @Test
  void writesTaskJsonIntoAPerAttemptDirectoryAndPassesTheTaskInTheEnvironment() throws Exception {
    Task task =
        task(
            "k8s_target_port-misconfig-detection-1",
            "{\"max_steps\": 7, \"agent_config\": {\"model\": \"gpt-4o\"}, \"custom\": [1, 2]}");
    RunRequest request = request(task);
    String script =
        """
        printf '{"event":"result","result":{"success":true,"env":{"TASK_ID":"%s","PROBLEM_ID":"%s","MAX_STEPS":"%s","WORKER_ID":"%s","ATTEMPT":"%s","TASK_FILE":"%s","RESULTS_DIR":"%s","AIOPSLAB_CLUSTER":"%s","KUBECONFIG":"%s","CONVERSATION_ID":"%s","SESSION_ID":"%s","AGENT_MODEL":"%s","EXTRA":"%s","PWD":"%s"}}}\\n' \
          "$TASK_ID" "$PROBLEM_ID" "$MAX_STEPS" "$WORKER_ID" "$ATTEMPT" "$TASK_FILE" "$RESULTS_DIR" \
          "$AIOPSLAB_CLUSTER" "$KUBECONFIG" "$CONVERSATION_ID" "$SESSION_ID" "$AGENT_MODEL" "$EXTRA" "$(pwd)"
        """;
    ProcessRunnerConfig config =
        shell(script)
            .withEnvironment(Map.of("EXTRA", "yes"))
            .withCluster("kind-aiopslab", root.resolve("kubeconfigs"));
    var events = new RecordingEvents();

    var succeeded = assertInstanceOf(RunOutcome.Succeeded.class, run(config, request, events));

    Path workDir = root.resolve("work").resolve(task.id().toString()).resolve("attempt-1");
    @SuppressWarnings("unchecked")
    var env = (Map<String, Object>) succeeded.result().get("env");
    assertEquals(task.id().toString(), env.get("TASK_ID"));
    assertEquals("k8s_target_port-misconfig-detection-1", env.get("PROBLEM_ID"));
    assertEquals("7", env.get("MAX_STEPS"));
    assertEquals("node-a-worker-001", env.get("WORKER_ID"));
    assertEquals("1", env.get("ATTEMPT"));
    assertEquals(workDir.resolve("task.json").toString(), env.get("TASK_FILE"));
    assertEquals(workDir.resolve("results").toString(), env.get("RESULTS_DIR"));
    assertEquals("kind-aiopslab-node-a-worker-001", env.get("AIOPSLAB_CLUSTER"));
    assertEquals(
        root.resolve("kubeconfigs").resolve("node-a-worker-001").toString(), env.get("KUBECONFIG"));
    assertEquals(request.conversationId().toString(), env.get("CONVERSATION_ID"));
    assertEquals("session-1", env.get("SESSION_ID"));
    assertEquals("gpt-4o", env.get("AGENT_MODEL"));
    assertEquals("yes", env.get("EXTRA"));
    assertEquals(workDir.toRealPath().toString(), env.get("PWD"));
    assertTrue(Files.isDirectory(workDir.resolve("results")));

    Map<String, Object> taskJson = Json.parseObject(Files.readString(workDir.resolve("task.json")));
    assertEquals(task.id().toString(), taskJson.get("id"));
    assertEquals("k8s_target_port-misconfig-detection-1", taskJson.get("problem_id"));
    assertEquals(7L, taskJson.get("max_steps"));
    assertEquals(Map.of("model", "gpt-4o"), taskJson.get("agent_config"));
    assertEquals(Json.parse(Json.write(task.parameters())), taskJson.get("parameters"));
    assertEquals("node-a-worker-001", taskJson.get("worker_id"));
    assertEquals(1L, taskJson.get("attempt"));
    assertEquals(
        List.of(new RecordingEvents.Config("gpt-4o", Map.of("model", "gpt-4o"))), events.configs);
  }

  @Test
  void protocolLinesBecomeEventsAndOtherLinesBecomeLogs() {
    String script =
        """
        echo '{"event":"log","level":"debug","message":"connecting","context":{"host":"h"}}'
        echo '{"event":"message","role":"system","content":"You are an SRE","metadata":{"step":0,"type":"system"}}'
        echo '{"event":"message","role":"assistant","content":"get_logs()","metadata":{"step":1,"type":"action"}}'
        echo '{"event":"progress","step":1,"of":3,"total_tokens":120}'
        echo 'plain text line'
        echo '{"not":"an event"}'
        echo '{"event":"log","level":"ERROR","message":"boom"}'
        echo 'a warning' >&2
        echo '{"event":"result","result":{"success":true,"solution":{"in_tokens":100,"out_tokens":50}}}'
        """;
    var events = new RecordingEvents();

    var succeeded =
        assertInstanceOf(
            RunOutcome.Succeeded.class, run(shell(script), request(task("p-1", "{}")), events));

    assertEquals(Map.of("in_tokens", 100L, "out_tokens", 50L), succeeded.result().get("solution"));
    assertEquals(
        List.of(
            new RecordingEvents.Message(
                "system", "You are an SRE", Map.of("step", 0L, "type", "system")),
            new RecordingEvents.Message(
                "assistant", "get_logs()", Map.of("step", 1L, "type", "action"))),
        events.messages);
    assertEquals(List.of(Map.of("step", 1L, "of", 3L, "total_tokens", 120L)), events.progress);
    assertEquals(150, events.tokens.get(), "the result's token counts win at the end");
    assertTrue(
        events.logs.contains(
            new RecordingEvents.Log(LogLevel.DEBUG, "connecting", Map.of("host", "h"))));
    assertTrue(events.logs.contains(new RecordingEvents.Log(LogLevel.ERROR, "boom", Map.of())));
    assertTrue(
        events.logs.contains(
            new RecordingEvents.Log(LogLevel.INFO, "plain text line", Map.of("stream", "stdout"))));
    assertTrue(
        events.logs.contains(
            new RecordingEvents.Log(
                LogLevel.INFO, "{\"not\":\"an event\"}", Map.of("stream", "stdout"))));
    assertTrue(
        events.logs.contains(
            new RecordingEvents.Log(LogLevel.WARNING, "a warning", Map.of("stream", "stderr"))));
  }

  @Test
  void aResultWithoutSuccessFailsTheRunAndKeepsTheResult() {
    String script =
        "echo '{\"event\":\"result\",\"result\":{\"success\":false,\"solution\":{\"Detection Accuracy\":\"Incorrect\"}}}'";

    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class,
            run(shell(script), request(task("p-1", "{}")), new RecordingEvents()));

    assertEquals(false, failed.result().get("success"));
    assertEquals("Run reported success: false", failed.errorDetails());
  }

  @Test
  void aNonZeroExitFailsWithTheExitCodeAndTheStderrTail() {
    String script =
        """
        for i in $(seq 1 30); do echo "trace line $i" >&2; done
        echo '{"event":"result","result":{"success":true}}'
        exit 3
        """;

    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class,
            run(shell(script), request(task("p-1", "{}")), new RecordingEvents()));

    assertEquals(
        Map.of("success", true), failed.result(), "a result sent before the crash is kept");
    assertTrue(
        failed.errorDetails().startsWith("Runner exited with code 3: trace line 11\n"),
        failed.errorDetails());
    assertTrue(failed.errorDetails().endsWith("trace line 30"), failed.errorDetails());
    assertFalse(failed.errorDetails().contains("trace line 10\n"));
  }

  @Test
  void theStderrTailIsBoundedInCharacters() {
    String script =
        "for i in $(seq 1 20); do head -c 1000 /dev/zero | tr '\\0' e >&2; echo >&2; done; exit 1";

    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class,
            run(shell(script), request(task("p-1", "{}")), new RecordingEvents()));

    assertTrue(
        failed.errorDetails().length()
            <= "Runner exited with code 1: ".length() + RunOutput.TAIL_CHARS);
  }

  @Test
  void exitZeroWithoutAResultFails() {
    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class,
            run(
                shell("echo done; echo oops >&2"),
                request(task("p-1", "{}")),
                new RecordingEvents()));

    assertNull(failed.result());
    assertEquals("Runner exited with code 0 without a result: oops", failed.errorDetails());
  }

  @Test
  void aCommandThatCannotStartFailsTheRun() {
    var config = ProcessRunnerConfig.of(List.of(root.resolve("no-such-program").toString()), root);

    var direct =
        assertInstanceOf(
            RunOutcome.Failed.class,
            new ProcessTaskRunner(config, false)
                .run(request(task("p-1", "{}")), new RecordingEvents()));
    var viaSetsid =
        assertInstanceOf(
            RunOutcome.Failed.class,
            new ProcessTaskRunner(config).run(request(task("p-1", "{}")), new RecordingEvents()));

    assertTrue(
        direct.errorDetails().startsWith("Could not start runner command"), direct.errorDetails());
    assertNull(viaSetsid.result());
  }

  @Test
  void longLinesAreTruncated() {
    var config =
        shell("head -c 100000 /dev/zero | tr '\\0' x; echo; echo short")
            .withLimits(100, 1000, 100, 100);
    var events = new RecordingEvents();

    run(config, request(task("p-1", "{}")), events);

    List<String> stdout = stdoutLines(events);
    assertEquals(List.of("x".repeat(100) + " [truncated, 100000 bytes in total]", "short"), stdout);
  }

  @Test
  void logLinesOverTheLimitAreDroppedAndCountedOnce() {
    var config = shell("seq 1 100; seq 1 5 >&2").withLimits(100, 1000, 10, 100);
    var events = new RecordingEvents();

    run(config, request(task("p-1", "{}")), events);

    long kept = events.logs.stream().filter(l -> l.context().containsKey("stream")).count();
    assertEquals(10, kept);
    List<String> drops =
        events.logs.stream()
            .map(RecordingEvents.Log::message)
            .filter(m -> m.startsWith("Dropped"))
            .toList();
    assertEquals(List.of("Dropped 95 log lines over the limit of 10 per task"), drops);
  }

  @ParameterizedTest(name = "own process group: {0}")
  @ValueSource(booleans = {true, false})
  void aStopTerminatesTheWholeTreeIncludingGrandchildren(boolean ownGroup) throws Exception {
    String script =
        """
        sh -c 'sleep 1000 & echo "pid $!"; sleep 1000 & echo "pid $!"; wait' &
        echo "pid $!"
        sleep 1000 &
        echo "pid $!"
        echo ready
        wait
        """;
    assertStopLeavesNothingRunning(
        new ProcessTaskRunner(shell(script).withGracePeriod(Duration.ofSeconds(5)), ownGroup), 5);
  }

  @Test
  void processesIgnoringSigtermAreKilledAfterTheGracePeriod() throws Exception {
    String script =
        """
        trap '' TERM
        sh -c 'sleep 1000 & echo "pid $!"; wait' &
        echo "pid $!"
        echo ready
        wait
        """;
    assertStopLeavesNothingRunning(
        new ProcessTaskRunner(shell(script).withGracePeriod(Duration.ofMillis(200))), 3);
  }

  @Test
  void grandchildrenWhoseParentExitedAreFoundThroughTheProcessGroup() throws Exception {
    String script =
        """
        sh -c 'sleep 1000 > /dev/null 2>&1 & echo "pid $!"'
        echo ready
        sleep 1000 &
        wait
        """;
    assertStopLeavesNothingRunning(
        new ProcessTaskRunner(shell(script).withGracePeriod(Duration.ofSeconds(5))), 2);
  }

  @Test
  void processesLeftBehindAfterANormalExitAreTerminated() throws Exception {
    String script =
        """
        sleep 1000 > /dev/null 2>&1 &
        echo "pid $!"
        sleep 1000 &
        echo "pid $!"
        echo '{"event":"result","result":{"success":true}}'
        """;
    var events = new RecordingEvents();

    RunOutcome outcome =
        new ProcessTaskRunner(shell(script)).run(request(task("p-1", "{}")), events);

    assertInstanceOf(RunOutcome.Succeeded.class, outcome);
    List<Long> pids = pids(events);
    assertEquals(2, pids.size());
    assertAllGone(pids);
  }

  @Test
  void aStopThatAlreadyFiredStartsNothing() {
    var stop = new StopSignal();
    stop.stop(StopReason.SHUTDOWN);
    var events = new RecordingEvents();

    RunOutcome outcome = run(shell("echo started"), request(task("p-1", "{}"), stop), events);

    assertEquals(new RunOutcome.Stopped(StopReason.SHUTDOWN), outcome);
    assertTrue(events.logs.isEmpty());
    assertFalse(Files.exists(root.resolve("work")));
  }

  @Test
  void anInterruptStopsTheTreeAsAShutdown() throws Exception {
    var events = new RecordingEvents();
    var outcome = new AtomicReference<RunOutcome>();
    var runner = new ProcessTaskRunner(shell("sleep 1000 & echo \"pid $!\"; echo ready; wait"));
    Thread thread =
        Thread.ofVirtual().start(() -> outcome.set(runner.run(request(task("p-1", "{}")), events)));
    TestRuns.await(
        Duration.ofSeconds(10), "the child", () -> stdoutLines(events).contains("ready"));

    thread.interrupt();

    assertTrue(thread.join(Duration.ofSeconds(20)));
    assertEquals(new RunOutcome.Stopped(StopReason.SHUTDOWN), outcome.get());
    assertAllGone(pids(events));
  }

  private void assertStopLeavesNothingRunning(ProcessTaskRunner runner, int expectedPids)
      throws Exception {
    var stop = new StopSignal();
    var events = new RecordingEvents();
    var outcome = new AtomicReference<RunOutcome>();
    Thread thread =
        Thread.ofVirtual()
            .start(() -> outcome.set(runner.run(request(task("p-1", "{}"), stop), events)));
    TestRuns.await(
        Duration.ofSeconds(10),
        "all processes started",
        () -> stdoutLines(events).contains("ready") && pids(events).size() == expectedPids - 1);
    long rootPid = (long) events.logs.getFirst().context().get("pid");
    List<Long> pids = new java.util.ArrayList<>(pids(events));
    pids.add(rootPid);
    pids.forEach(
        pid ->
            assertTrue(
                ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false),
                "running before the stop: " + pid));

    stop.stop(StopReason.CANCELLED);

    assertTrue(thread.join(Duration.ofSeconds(20)), "runner returned after the stop");
    assertEquals(new RunOutcome.Stopped(StopReason.CANCELLED), outcome.get());
    assertAllGone(pids);
  }

  private static void assertAllGone(List<Long> pids) {
    TestRuns.await(
        Duration.ofSeconds(10),
        "every process of the tree to be gone: " + pids,
        () ->
            pids.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false)));
  }

  private static List<String> stdoutLines(RecordingEvents events) {
    return events.logs.stream()
        .filter(l -> "stdout".equals(l.context().get("stream")))
        .map(RecordingEvents.Log::message)
        .toList();
  }

  private static List<Long> pids(RecordingEvents events) {
    return stdoutLines(events).stream()
        .filter(l -> l.startsWith("pid "))
        .map(l -> Long.parseLong(l.substring(4)))
        .toList();
  }
}
