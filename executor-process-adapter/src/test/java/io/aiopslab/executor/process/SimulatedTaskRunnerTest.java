package io.aiopslab.executor.process;

import static io.aiopslab.executor.process.TestRuns.request;
import static io.aiopslab.executor.process.TestRuns.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.task.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SimulatedTaskRunnerTest {

  private final SimulatedTaskRunner runner = new SimulatedTaskRunner();

  @Test
  void successReportsConversationLogsAndAnAiopsLabShapedResult() {
    Task task =
        task(
            "k8s_target_port-misconfig-detection-1",
            """
            {"max_steps": 10, "agent_config": {"model": "gpt-4o", "temperature": 0.2},
             "simulation": {"duration_ms": 30, "steps": 3}}""");
    RunRequest request = request(task);
    var events = new RecordingEvents();

    RunOutcome outcome = runner.run(request, events);

    var succeeded = assertInstanceOf(RunOutcome.Succeeded.class, outcome);
    Map<String, Object> result = succeeded.result();
    assertEquals(true, result.get("success"));
    assertEquals("k8s_target_port-misconfig-detection-1", result.get("problem_id"));
    assertEquals(request.conversationId().toString(), result.get("conversation_id"));
    assertEquals("session-1", result.get("session_id"));
    assertEquals(7, result.get("total_messages"));
    assertEquals(0.03, result.get("execution_time"));
    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) result.get("solution");
    assertEquals("Correct", solution.get("Detection Accuracy"));
    assertEquals(3, solution.get("steps"));
    assertEquals(0.03, solution.get("TTD"));
    long in = (long) solution.get("in_tokens");
    long out = (long) solution.get("out_tokens");
    assertEquals(in + out, events.tokens.get());

    assertEquals(
        List.of("system", "user", "assistant", "user", "assistant", "user", "assistant"),
        events.messages.stream().map(RecordingEvents.Message::role).toList());
    assertEquals(Map.of("step", 0, "type", "system"), events.messages.get(0).metadata());
    assertEquals(Map.of("step", 2, "type", "observation"), events.messages.get(3).metadata());
    assertEquals(Map.of("step", 2, "type", "action"), events.messages.get(4).metadata());
    assertEquals("submit(\"Yes\")", events.messages.get(6).content());
    assertEquals(
        List.of(
            new RecordingEvents.Config("gpt-4o", Map.of("model", "gpt-4o", "temperature", 0.2))),
        events.configs);
    assertEquals(
        List.of(Map.of("step", 1, "of", 3), Map.of("step", 2, "of", 3), Map.of("step", 3, "of", 3)),
        events.progress);
    assertTrue(
        events
            .logMessages(LogLevel.INFO)
            .contains("Step 1/3: exec_shell(\"kubectl get pods -n default\")"));
  }

  @Test
  void problemsOtherThanDetectionReportASuccessFlagInTheSolution() {
    Task task =
        task("misconfig_app_hotel_res-mitigation-1", "{\"simulation\": {\"duration_ms\": 0}}");

    var outcome =
        assertInstanceOf(
            RunOutcome.Succeeded.class, runner.run(request(task), new RecordingEvents()));

    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) outcome.result().get("solution");
    assertEquals(true, solution.get("success"));
    assertTrue(!solution.containsKey("Detection Accuracy"));
  }

  @Test
  void failureFailsTheRunAndKeepsTheResult() {
    Task task =
        task(
            "pod_failure-detection-1",
            "{\"simulation\": {\"duration_ms\": 5, \"outcome\": \"failure\"}}");
    var events = new RecordingEvents();

    var failed = assertInstanceOf(RunOutcome.Failed.class, runner.run(request(task), events));

    assertEquals(false, failed.result().get("success"));
    assertEquals(failed.errorDetails(), failed.result().get("error_details"));
    assertTrue(failed.errorDetails().startsWith("Simulated failure"), failed.errorDetails());
    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) failed.result().get("solution");
    assertEquals("Incorrect", solution.get("Detection Accuracy"));
    assertEquals(List.of(failed.errorDetails()), events.logMessages(LogLevel.WARNING));
  }

  @Test
  void errorFailsTheRunWithoutAResult() {
    Task task =
        task(
            "pod_failure-detection-1",
            "{\"simulation\": {\"duration_ms\": 5, \"outcome\": \"error\"}}");
    var events = new RecordingEvents();

    var failed = assertInstanceOf(RunOutcome.Failed.class, runner.run(request(task), events));

    assertNull(failed.result());
    assertTrue(failed.errorDetails().startsWith("Simulated error"), failed.errorDetails());
    assertEquals(List.of(failed.errorDetails()), events.logMessages(LogLevel.ERROR));
  }

  @Test
  void hangRunsUntilStoppedAndReportsTheStopReason() throws Exception {
    Task task = task("p-1", "{\"simulation\": {\"duration_ms\": 1, \"outcome\": \"hang\"}}");
    var stop = new StopSignal();
    var events = new RecordingEvents();
    var outcome = new AtomicReference<RunOutcome>();
    Thread thread =
        Thread.ofVirtual().start(() -> outcome.set(runner.run(request(task, stop), events)));

    TestRuns.await(
        Duration.ofSeconds(10),
        "the hang log",
        () -> events.logMessages(LogLevel.INFO).contains("Simulated run hangs until stopped"));
    assertTrue(thread.isAlive());
    stop.stop(StopReason.CANCELLED);

    assertTrue(thread.join(Duration.ofSeconds(5)), "runner returned after the stop");
    assertEquals(new RunOutcome.Stopped(StopReason.CANCELLED), outcome.get());
  }

  @Test
  void stopInTheMiddleOfALongRunEndsItAtOnce() throws Exception {
    Task task = task("p-1", "{\"simulation\": {\"duration_ms\": 600000, \"steps\": 5}}");
    var stop = new StopSignal();
    var events = new RecordingEvents();
    var outcome = new AtomicReference<RunOutcome>();
    Thread thread =
        Thread.ofVirtual().start(() -> outcome.set(runner.run(request(task, stop), events)));
    TestRuns.await(Duration.ofSeconds(10), "the system prompt", () -> !events.messages.isEmpty());

    stop.stop(StopReason.TIMED_OUT);

    assertTrue(thread.join(Duration.ofSeconds(5)), "runner returned after the stop");
    assertEquals(new RunOutcome.Stopped(StopReason.TIMED_OUT), outcome.get());
    assertEquals(1, events.messages.size(), "no step ran after the stop");
  }

  @Test
  void anInterruptIsAShutdownStop() throws Exception {
    Task task = task("p-1", "{\"simulation\": {\"duration_ms\": 600000}}");
    var events = new RecordingEvents();
    var outcome = new AtomicReference<RunOutcome>();
    Thread thread = Thread.ofVirtual().start(() -> outcome.set(runner.run(request(task), events)));
    TestRuns.await(Duration.ofSeconds(10), "the system prompt", () -> !events.messages.isEmpty());

    thread.interrupt();

    assertTrue(thread.join(Duration.ofSeconds(5)));
    assertEquals(new RunOutcome.Stopped(StopReason.SHUTDOWN), outcome.get());
  }

  @Test
  void aStopThatAlreadyFiredReturnsAtOnceWithoutEvents() {
    var stop = new StopSignal();
    stop.stop(StopReason.LEASE_LOST);
    var events = new RecordingEvents();

    RunOutcome outcome = runner.run(request(task("p-1", "{}"), stop), events);

    assertEquals(new RunOutcome.Stopped(StopReason.LEASE_LOST), outcome);
    assertTrue(events.logs.isEmpty() && events.messages.isEmpty() && events.configs.isEmpty());
  }

  @Test
  void zeroDurationSuccessIsANoOpThatReportsOnlyTokens() {
    Task task =
        task(
            "p-detection-1",
            "{\"max_steps\": 30, \"agent_config\": {\"model\": \"m\"}, \"simulation\": {\"duration_ms\": 0}}");
    var events = new RecordingEvents();

    var succeeded = assertInstanceOf(RunOutcome.Succeeded.class, runner.run(request(task), events));

    assertEquals(0, succeeded.result().get("total_messages"));
    assertEquals(0.0, succeeded.result().get("execution_time"));
    assertTrue(events.messages.isEmpty() && events.progress.isEmpty());
    assertTrue(events.logs.isEmpty(), "a successful instant run writes no log line");
    assertEquals(1, events.configs.size());
    assertTrue(events.tokens.get() > 0);
  }

  @Test
  void zeroDurationCanStillAskForTheConversation() {
    Task task =
        task("p-1", "{\"simulation\": {\"duration_ms\": 0, \"steps\": 2, \"conversation\": true}}");
    var events = new RecordingEvents();

    var succeeded = assertInstanceOf(RunOutcome.Succeeded.class, runner.run(request(task), events));

    assertEquals(5, events.messages.size());
    assertEquals(5, succeeded.result().get("total_messages"));
  }

  @Test
  void stepsDefaultToMaxStepsCappedAtFiveAndNeverExceedMaxSteps() {
    assertEquals(3, steps("{\"max_steps\": 3, \"simulation\": {\"duration_ms\": 0}}"));
    assertEquals(5, steps("{\"max_steps\": 30, \"simulation\": {\"duration_ms\": 0}}"));
    assertEquals(
        10, steps("{\"max_steps\": 10, \"simulation\": {\"duration_ms\": 0, \"steps\": 50}}"));
    assertEquals(
        7, steps("{\"max_steps\": 10.0, \"simulation\": {\"duration_ms\": 0, \"steps\": 7}}"));
  }

  @Test
  void theSameTaskAlwaysProducesTheSameConversationAndSolution() {
    Task task = task("p-detection-2", "{\"simulation\": {\"duration_ms\": 1, \"steps\": 4}}");
    var first = new RecordingEvents();
    var second = new RecordingEvents();

    var a = assertInstanceOf(RunOutcome.Succeeded.class, runner.run(request(task), first));
    var b = assertInstanceOf(RunOutcome.Succeeded.class, runner.run(request(task), second));

    assertEquals(first.messages, second.messages);
    assertEquals(a.result().get("solution"), b.result().get("solution"));
  }

  @Test
  void invalidSimulationParametersFailTheRunNamingTheField() {
    assertInvalid("{\"simulation\": {\"outcome\": \"explode\"}}", "parameters.simulation.outcome");
    assertInvalid("{\"simulation\": {\"duration_ms\": -1}}", "parameters.simulation.duration_ms");
    assertInvalid("{\"simulation\": {\"duration_ms\": 1.5}}", "parameters.simulation.duration_ms");
    assertInvalid("{\"simulation\": {\"steps\": 0}}", "parameters.simulation.steps");
    assertInvalid("{\"simulation\": \"fast\"}", "parameters.simulation");
  }

  @Test
  void theDefaultDurationIsConfigurable() {
    var instant = new SimulatedTaskRunner(Duration.ZERO);
    var events = new RecordingEvents();

    instant.run(request(task("p-1", "{}")), events);

    assertTrue(events.messages.isEmpty(), "a zero default duration is instant");
  }

  private void assertInvalid(String parameters, String field) {
    var failed =
        assertInstanceOf(
            RunOutcome.Failed.class,
            runner.run(request(task("p-1", parameters)), new RecordingEvents()));
    assertNull(failed.result());
    assertTrue(failed.errorDetails().contains(field), failed.errorDetails());
  }

  private int steps(String parameters) {
    var succeeded =
        assertInstanceOf(
            RunOutcome.Succeeded.class,
            runner.run(request(task("p-1", parameters)), new RecordingEvents()));
    @SuppressWarnings("unchecked")
    var solution = (Map<String, Object>) succeeded.result().get("solution");
    return (int) solution.get("steps");
  }
}
