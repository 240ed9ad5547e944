package io.aiopslab.executor.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app as its own process — {@code java -cp <test classpath> io.aiopslab.executor.app.Main} with
 * only the given environment — so that tests can kill it (SIGKILL) or stop it (SIGTERM). Its output
 * goes to {@code target/e2e/<name>/output.log}; the port it bound is read from the startup banner.
 */
final class ChildNode implements AutoCloseable {
  private static final Pattern BANNER = Pattern.compile("serving (http://\\S+) \\(node ");
  private static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k");

  private final String name;
  private final Process process;
  private final Path output;
  private Api api;

  private ChildNode(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  /** Starts the JVM; the environment is exactly {@code env} (plus PATH and HOME). */
  static ChildNode start(String name, Map<String, String> env) {
    Path directory = Path.of("target", "e2e", name + "-" + System.nanoTime()).toAbsolutePath();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path output = directory.resolve("output.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    var builder =
        new ProcessBuilder(command)
            .directory(directory.toFile()) // no .env of the build, data dirs under target
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("HOME", System.getProperty("user.home"));
    builder.environment().putAll(env);
    try {
      return new ChildNode(name, builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the banner (the node serves) and returns a client for it. */
  Api awaitServing(Duration timeout) {
    URI base =
        Eventually.await(
            name + " prints its startup banner",
            timeout,
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    name + " exited with " + process.exitValue() + ":\n" + output());
              }
              Matcher matcher = BANNER.matcher(output());
              return matcher.find() ? URI.create(matcher.group(1)) : null;
            },
            uri -> uri != null);
    api = new Api(base);
    return api;
  }

  Api api() {
    return api;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no hand-back; the node just vanishes. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM: the graceful shutdown path. */
  void terminate() {
    process.destroy();
  }

  /** The exit code, once the process ended within {@code timeout}. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still runs after " + timeout + ":\n" + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last lines of the output, for failure messages. */
  String tail() {
    String all = output();
    return all.substring(Math.max(0, all.length() - 4000));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
