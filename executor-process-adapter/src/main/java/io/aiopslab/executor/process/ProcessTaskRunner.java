package io.aiopslab.executor.process;

import io.aiopslab.executor.domain.json.Json;
import io.aiopslab.executor.domain.log.LogLevel;
import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;
import io.aiopslab.executor.domain.run.StopReason;
import io.aiopslab.executor.domain.run.StopSignal;
import io.aiopslab.executor.domain.spi.TaskRunner;
import io.aiopslab.executor.domain.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs each attempt as an OS process speaking the runner protocol.
 *
 * <p>Per attempt it creates {@code <work root>/<task id>/attempt-<n>/} with {@code task.json} and
 * an empty {@code results/}, and starts {@link ProcessRunnerConfig#command()} there (argv, no
 * shell), with the executor's environment plus the configured extra variables plus {@code TASK_ID,
 * PROBLEM_ID, MAX_STEPS, WORKER_ID, ATTEMPT, TASK_FILE, WORK_DIR, RESULTS_DIR, CONVERSATION_ID,
 * SESSION_ID, PYTHONUNBUFFERED=1}, {@code AGENT_MODEL} (when set), {@code AIOPSLAB_CLUSTER} and
 * {@code KUBECONFIG} (when configured). Stdin is closed.
 *
 * <p>Protocol: a stdout line that is a JSON object with a string {@code event} field is an event —
 * {@code log {level, message, context}}, {@code message {role, content, metadata}}, {@code progress
 * {...}} (a numeric {@code total_tokens} in it is reported as tokens used), {@code result {result:
 * {...}}}; any other stdout line is an info log, each stderr line a warning log. Both streams are
 * read on virtual threads with bounded buffers (see {@link RunOutput}).
 *
 * <p>Outcome: exit 0 with a result whose {@code success} is {@code true} → succeeded; exit 0 with
 * another result → failed keeping it; no result or a non-zero exit → failed with the exit code and
 * the stderr tail as error details (keeping a result if one came). Processes the runner left behind
 * after it exited are terminated like on a stop.
 *
 * <p>Stop: SIGTERM to the whole tree (see {@link ProcessTree}), the grace period, then SIGKILL to
 * whatever still runs; returns {@link RunOutcome.Stopped}. Where {@code setsid} exists the command
 * is started through it, so the process leads its own group and re-parented grandchildren are found
 * too.
 */
public final class ProcessTaskRunner implements TaskRunner {

  /** How long the output readers may take to see the end of output after the process is gone. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final ProcessRunnerConfig config;
  private final Path setsid;

  public ProcessTaskRunner(ProcessRunnerConfig config) {
    this(config, true);
  }

  /** {@code ownProcessGroup = false} starts the command directly (tests of the fallback). */
  ProcessTaskRunner(ProcessRunnerConfig config, boolean ownProcessGroup) {
    this.config = Objects.requireNonNull(config, "config");
    this.setsid =
        ownProcessGroup
            ? SETSID.stream().filter(Files::isExecutable).findFirst().orElse(null)
            : null;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public RunOutcome run(RunRequest request, RunEvents events) {
    StopSignal stop = request.stop();
    if (stop.isStopped()) {
      return stopped(stop);
    }
    Task task = request.task();
    TaskParameters.model(task)
        .ifPresent(model -> events.conversationConfig(model, TaskParameters.agentConfig(task)));

    Path workDir;
    ProcessBuilder builder;
    try {
      workDir = prepareWorkDir(request);
      builder = processBuilder(request, workDir);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      return new RunOutcome.Failed(
          null, "Could not prepare the task's working directory: " + e.getMessage());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new RunOutcome.Failed(
          null, "Could not start runner command " + config.command() + ": " + e.getMessage());
    }
    closeQuietly(process);

    var output = new RunOutput(events, config);
    output.note(
        LogLevel.INFO,
        "Runner process started",
        ordered("pid", process.pid(), "command", config.command(), "work_dir", workDir.toString()));
    var reader = new LineReader(config.maxLineLength(), config.maxEventLength());
    String name = "runner-" + task.id() + "-";
    Thread stdout =
        Thread.ofVirtual()
            .name(name + "stdout")
            .start(() -> pump(process.getInputStream(), reader, output::stdout));
    Thread stderr =
        Thread.ofVirtual()
            .name(name + "stderr")
            .start(() -> pump(process.getErrorStream(), reader, output::stderr));
    var tree = new ProcessTree(process.toHandle(), setsid != null);

    boolean interrupted = awaitExitOrStop(process, stop);
    if (interrupted || stop.isStopped()) {
      StopReason reason = stop.reason().orElse(StopReason.SHUTDOWN);
      int killed = tree.terminate(config.gracePeriod());
      drain(output, stdout, stderr);
      output.note(
          LogLevel.INFO,
          "Runner process stopped (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")",
          ordered(
              "killed_after_grace", killed, "grace_period_ms", config.gracePeriod().toMillis()));
      output.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return new RunOutcome.Stopped(reason);
    }

    int exitCode = process.exitValue();
    List<ProcessHandle> leftovers = tree.running();
    if (!leftovers.isEmpty()) {
      output.note(
          LogLevel.WARNING,
          "Runner exited leaving " + leftovers.size() + " processes behind; terminating them",
          ordered("pids", leftovers.stream().map(ProcessHandle::pid).toList()));
      tree.terminate(config.gracePeriod());
    }
    drain(output, stdout, stderr);
    output.note(
        LogLevel.INFO,
        "Runner process exited with code " + exitCode,
        ordered("exit_code", exitCode));
    output.reportResultTokens();
    output.close();
    return outcome(exitCode, output);
  }

  private static RunOutcome outcome(int exitCode, RunOutput output) {
    Map<String, Object> result = output.result().orElse(null);
    if (exitCode == 0 && result != null) {
      if (Boolean.TRUE.equals(result.get("success"))) {
        return new RunOutcome.Succeeded(result);
      }
      return new RunOutcome.Failed(result, reportedError(result));
    }
    String tail = output.stderrTail();
    String details =
        exitCode == 0
            ? "Runner exited with code 0 without a result"
            : "Runner exited with code " + exitCode;
    return new RunOutcome.Failed(result, tail.isEmpty() ? details : details + ": " + tail);
  }

  private static String reportedError(Map<String, Object> result) {
    for (String key : List.of("error_details", "error")) {
      if (result.get(key) instanceof String text && !text.isBlank()) {
        return text;
      }
    }
    return "Run reported success: false";
  }

  /** Waits for the process to end or the stop to fire; true when the thread was interrupted. */
  private static boolean awaitExitOrStop(Process process, StopSignal stop) {
    var stopped = new CompletableFuture<Void>();
    stop.onStop(() -> stopped.complete(null));
    try {
      CompletableFuture.anyOf(process.onExit(), stopped).get();
      return false;
    } catch (InterruptedException e) {
      return true;
    } catch (ExecutionException e) {
      return false; // onExit never completes exceptionally; treat like an exit
    }
  }

  /** Lets the readers see the end of output; a process that escaped the tree may hold it open. */
  private static void drain(RunOutput output, Thread stdout, Thread stderr) {
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    for (Thread reader : List.of(stdout, stderr)) {
      while (true) {
        try {
          if (!reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
            output.note(
                LogLevel.WARNING,
                "Runner output still open after the process ended; ignoring the rest",
                Map.of("stream", reader.getName().endsWith("stdout") ? "stdout" : "stderr"));
          }
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pump(InputStream in, LineReader reader, LineReader.Sink sink) {
    try (in) {
      reader.readAll(in, sink);
    } catch (IOException e) {
      // the stream was closed under us: the process is gone
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // nothing to close
    }
  }

  private Path prepareWorkDir(RunRequest request) throws IOException {
    Task task = request.task();
    Path workDir =
        config.workRoot().resolve(task.id().toString()).resolve("attempt-" + request.attempt());
    Files.createDirectories(workDir.resolve("results"));
    var document = new LinkedHashMap<String, Object>();
    document.put("id", task.id().toString());
    document.put("problem_id", task.problemId());
    document.put("max_steps", TaskParameters.maxSteps(task));
    document.put("agent_config", TaskParameters.agentConfig(task));
    document.put("parameters", task.parameters());
    document.put("worker_id", request.workerId());
    document.put("attempt", request.attempt());
    document.put("max_attempts", task.maxAttempts());
    document.put("timeout_minutes", task.timeoutMinutes());
    document.put("conversation_id", request.conversationId().toString());
    document.put("session_id", request.sessionId());
    document.put("results_dir", workDir.resolve("results").toString());
    Files.writeString(workDir.resolve("task.json"), Json.write(document), StandardCharsets.UTF_8);
    return workDir;
  }

  private ProcessBuilder processBuilder(RunRequest request, Path workDir) {
    Task task = request.task();
    var argv = new ArrayList<String>(config.command().size() + 1);
    if (setsid != null) {
      argv.add(setsid.toString());
    }
    argv.addAll(config.command());
    var builder = new ProcessBuilder(argv).directory(workDir.toFile());
    Map<String, String> env = builder.environment();
    env.putAll(config.environment());
    env.put("TASK_ID", task.id().toString());
    env.put("PROBLEM_ID", task.problemId());
    env.put("MAX_STEPS", Integer.toString(TaskParameters.maxSteps(task)));
    env.put("WORKER_ID", request.workerId());
    env.put("ATTEMPT", Integer.toString(request.attempt()));
    env.put("TASK_FILE", workDir.resolve("task.json").toString());
    env.put("WORK_DIR", workDir.toString());
    env.put("RESULTS_DIR", workDir.resolve("results").toString());
    env.put("CONVERSATION_ID", request.conversationId().toString());
    env.put("SESSION_ID", request.sessionId());
    env.put("PYTHONUNBUFFERED", "1");
    TaskParameters.model(task).ifPresent(model -> env.put("AGENT_MODEL", model));
    if (config.clusterPrefix() != null) {
      env.put("AIOPSLAB_CLUSTER", config.clusterPrefix() + "-" + request.workerId());
    }
    if (config.kubeconfigDir() != null) {
      Path kubeconfig = config.kubeconfigDir().resolve(request.workerId()).normalize();
      if (!kubeconfig.startsWith(config.kubeconfigDir().normalize())) {
        throw new IllegalArgumentException(
            "worker id " + request.workerId() + " leaves the kubeconfig directory");
      }
      env.put("KUBECONFIG", kubeconfig.toString());
    }
    return builder;
  }

  private static RunOutcome stopped(StopSignal stop) {
    return new RunOutcome.Stopped(stop.reason().orElse(StopReason.SHUTDOWN));
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    var map = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
