package io.aiopslab.executor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A runner process and everything it started. Members are found three ways, so that a process whose
 * parent died (and which was re-parented) is still found: the root's current descendants, every
 * process seen so far, and, when the root leads its own process group (started through {@code
 * setsid}), every process of that group (read from {@code /proc} on Linux).
 *
 * <p>{@link ProcessHandle} checks a process's start time before signalling, so a recycled PID is
 * never signalled by mistake.
 */
final class ProcessTree {

  private static final Path PROC = Path.of("/proc");
  private static final int KILL_ROUNDS = 5;
  private static final Duration KILL_WAIT = Duration.ofSeconds(2);

  private final ProcessHandle root;
  private final boolean ownGroup;
  private final Set<ProcessHandle> seen = new LinkedHashSet<>();

  ProcessTree(ProcessHandle root, boolean ownGroup) {
    this.root = root;
    this.ownGroup = ownGroup;
  }

  /** Every member still running (zombies excluded), root included. */
  List<ProcessHandle> running() {
    var members = new LinkedHashSet<ProcessHandle>();
    members.add(root);
    members.addAll(seen);
    for (ProcessHandle member : List.copyOf(members)) {
      if (member.isAlive()) {
        member.descendants().forEach(members::add);
      }
    }
    if (ownGroup) {
      groupMembers(root.pid()).forEach(members::add);
    }
    seen.addAll(members);
    var running = new ArrayList<ProcessHandle>();
    for (ProcessHandle member : members) {
      if (isRunning(member)) {
        running.add(member);
      }
    }
    return running;
  }

  /**
   * SIGTERM to every member, up to {@code grace} for them to exit, then SIGKILL to whatever still
   * runs (looking again for members started meanwhile). Returns the number of processes killed with
   * SIGKILL.
   */
  int terminate(Duration grace) {
    List<ProcessHandle> members = running();
    members.forEach(ProcessHandle::destroy);
    awaitExit(members, grace);
    int killed = 0;
    for (int round = 0; round < KILL_ROUNDS; round++) {
      List<ProcessHandle> left = running();
      if (left.isEmpty()) {
        break;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      killed += left.size();
      awaitExit(left, KILL_WAIT);
    }
    return killed;
  }

  /**
   * Polls until no member runs or {@code timeout} passes. Polling, not {@link
   * ProcessHandle#onExit()}: a killed grandchild stays a zombie until its new parent (init) reaps
   * it, which some inits do only every few seconds, and the JDK counts zombies as alive.
   */
  private static void awaitExit(List<ProcessHandle> members, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 1;
    boolean interrupted = false;
    while (members.stream().anyMatch(ProcessTree::isRunning)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        interrupted = true; // finish cleaning up first; the caller sees the interrupt afterwards
      }
      pauseMillis = Math.min(pauseMillis * 2, 50);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Alive and not a zombie. */
  static boolean isRunning(ProcessHandle process) {
    return process.isAlive() && !isZombie(process.pid());
  }

  private static boolean isZombie(long pid) {
    String stat = readStat(pid);
    int end = stat == null ? -1 : stat.lastIndexOf(')');
    return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
  }

  /** Processes whose process group is {@code pgid}; empty where {@code /proc} is not there. */
  static List<ProcessHandle> groupMembers(long pgid) {
    if (!Files.isDirectory(PROC)) {
      return List.of();
    }
    var members = new ArrayList<ProcessHandle>();
    try (Stream<Path> entries = Files.list(PROC)) {
      entries.forEach(
          entry -> {
            String name = entry.getFileName().toString();
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
              return;
            }
            long pid = Long.parseLong(name);
            String stat = readStat(pid);
            if (stat != null && processGroup(stat) == pgid) {
              ProcessHandle.of(pid).ifPresent(members::add);
            }
          });
    } catch (IOException | RuntimeException e) {
      // /proc changed under us or is unreadable: the descendants still cover the tree
    }
    return members;
  }

  /** Field 5 of /proc/PID/stat (after "pid (comm) state ppid"). */
  private static long processGroup(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return -1;
    }
    String[] fields = stat.substring(end + 2).split(" ", 4);
    try {
      return fields.length > 2 ? Long.parseLong(fields[2]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String readStat(long pid) {
    try {
      return Files.readString(
          PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
