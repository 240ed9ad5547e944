package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.domain.task.TaskId;
import io.aiopslab.executor.domain.task.TaskStatus;
import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import io.aiopslab.executor.domain.worker.WorkerStatus;
import io.aiopslab.executor.ports.workers.ControlWorkers.PoolStatus;
import io.aiopslab.executor.ports.workers.ControlWorkers.SlotState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The slots of the pool and its switches, behind one lock. The size is the target: a slot numbered
 * above it retires as soon as it is free (at once when idle, after its task when busy: "draining").
 * Callers take the lock once per batch (a claim, a batch of completions), never per task.
 */
final class Slots {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition becameIdle = lock.newCondition();
  private final TreeMap<Integer, Slot> slots = new TreeMap<>();
  private int size;
  private boolean running;
  private boolean accepting = true;

  /** What a claim brought: executions to start, tasks no slot took, slots retired meanwhile. */
  record Assignment(List<Execution> started, List<Task> unassigned, List<String> retired) {}

  /** The effect of a scale: slots to create (numbers) and slots retired at once (ids). */
  record ScalePlan(int previous, List<Integer> missing, List<String> retired) {}

  void init(Collection<Slot> initial, int size, boolean running) {
    lock.lock();
    try {
      initial.forEach(slot -> slots.put(slot.number, slot));
      this.size = size;
      this.running = running;
    } finally {
      lock.unlock();
    }
  }

  /** Marks every free slot below the size as reserved for one claim; none when not claiming. */
  List<Slot> reserveIdle() {
    lock.lock();
    try {
      if (!running || !accepting) {
        return List.of();
      }
      List<Slot> idle = new ArrayList<>();
      for (Slot slot : slots.values()) {
        if (slot.number > size) {
          break;
        }
        if (slot.isFree()) {
          slot.reserved = true;
          idle.add(slot);
        }
      }
      return idle;
    } finally {
      lock.unlock();
    }
  }

  /** Gives each claimed task to the slot it was claimed for and lifts the reservations. */
  Assignment assign(
      List<Slot> reserved, List<Task> claimed, BiFunction<Slot, Task, Execution> execution) {
    Map<String, Slot> byId = new HashMap<>();
    reserved.forEach(slot -> byId.put(slot.id, slot));
    List<Execution> started = new ArrayList<>(claimed.size());
    List<Task> unassigned = new ArrayList<>();
    List<String> retired = new ArrayList<>();
    lock.lock();
    try {
      for (Task task : claimed) {
        Slot slot = byId.remove(task.workerId());
        if (slot == null || slot.execution != null) {
          unassigned.add(task);
          continue;
        }
        slot.execution = execution.apply(slot, task);
        started.add(slot.execution);
      }
      for (Slot slot : reserved) {
        slot.reserved = false;
        retireIfDue(slot, retired);
      }
      if (started.isEmpty()) {
        becameIdle.signalAll();
      }
      return new Assignment(started, unassigned, retired);
    } finally {
      lock.unlock();
    }
  }

  /** Lifts reservations of a claim that failed. */
  List<String> unreserve(List<Slot> reserved) {
    return assign(reserved, List.of(), (slot, task) -> null).retired();
  }

  /**
   * Frees the slots of ended executions and reserves at once those that may claim again (within the
   * size, pool running): the completer refills them in the same statement that records the ends.
   * The others retire when due.
   */
  Handover handOver(List<Execution> ended) {
    List<Slot> reserved = new ArrayList<>(ended.size());
    List<String> retired = new ArrayList<>();
    lock.lock();
    try {
      for (Execution execution : ended) {
        Slot slot = execution.slot;
        if (slot.execution != execution) {
          continue;
        }
        slot.execution = null;
        if (running && accepting && slot.number <= size && slot.isFree()) {
          slot.reserved = true;
          reserved.add(slot);
        } else {
          retireIfDue(slot, retired);
        }
      }
      becameIdle.signalAll();
      return new Handover(reserved, retired);
    } finally {
      lock.unlock();
    }
  }

  /** Slots freed by ended executions: reserved for the next claim, or retired. */
  record Handover(List<Slot> reserved, List<String> retired) {}

  /** Counts each outcome the queue applied ({@code applied}: task id → new status). */
  void count(List<Execution> ended, Map<TaskId, TaskStatus> applied) {
    lock.lock();
    try {
      for (Execution execution : ended) {
        TaskStatus status = applied.get(execution.task.id());
        if (status == TaskStatus.COMPLETED) {
          execution.slot.tasksCompleted++;
        } else if (status == TaskStatus.FAILED || status == TaskStatus.TIMEOUT) {
          execution.slot.tasksFailed++;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  ScalePlan scale(int newSize) {
    lock.lock();
    try {
      int previous = size;
      size = newSize;
      List<String> retired = new ArrayList<>();
      for (Slot slot : List.copyOf(slots.tailMap(newSize, false).values())) {
        retireIfDue(slot, retired);
      }
      List<Integer> missing = new ArrayList<>();
      for (int number = 1; number <= newSize; number++) {
        if (!slots.containsKey(number)) {
          missing.add(number);
        }
      }
      return new ScalePlan(previous, missing, retired);
    } finally {
      lock.unlock();
    }
  }

  /** Adds newly registered slots (those still within the size). */
  void add(List<Slot> created) {
    lock.lock();
    try {
      for (Slot slot : created) {
        if (slot.number <= size) {
          slots.putIfAbsent(slot.number, slot);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  void setRunning(boolean value) {
    lock.lock();
    try {
      running = value && accepting;
    } finally {
      lock.unlock();
    }
  }

  /** Shutdown: no slot is ever offered to a claim again (idle slots now show offline). */
  void stopAccepting() {
    lock.lock();
    try {
      accepting = false;
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no slot runs anything or is reserved by a claim in flight (which may still start
   * executions), the timeout passes or {@code hurry} says so.
   */
  boolean awaitIdle(Duration timeout, BooleanSupplier hurry) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (busyCount() > 0) {
        if (remaining <= 0 || hurry.getAsBoolean()) {
          return false;
        }
        remaining = becameIdle.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #awaitIdle} so that it looks at its {@code hurry} flag again. */
  void nudge() {
    lock.lock();
    try {
      becameIdle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The execution of this task on one of the slots, if it runs here. */
  Execution find(TaskId taskId) {
    lock.lock();
    try {
      for (Slot slot : slots.values()) {
        if (slot.execution != null && slot.execution.task.id().equals(taskId)) {
          return slot.execution;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  List<Execution> executions() {
    lock.lock();
    try {
      List<Execution> all = new ArrayList<>();
      for (Slot slot : slots.values()) {
        if (slot.execution != null) {
          all.add(slot.execution);
        }
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  List<String> ids() {
    lock.lock();
    try {
      return slots.values().stream().map(slot -> slot.id).toList();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  PoolStatus status() {
    lock.lock();
    try {
      Map<String, SlotState> workers = new LinkedHashMap<>();
      for (Slot slot : slots.values()) {
        workers.put(slot.id, new SlotState(stateOf(slot), currentTask(slot)));
      }
      return new PoolStatus(running, size, workers);
    } finally {
      lock.unlock();
    }
  }

  Map<String, WorkerSnapshot> snapshots() {
    lock.lock();
    try {
      Map<String, WorkerSnapshot> all = new LinkedHashMap<>();
      for (Slot slot : slots.values()) {
        WorkerStatus status =
            slot.execution != null
                ? WorkerStatus.BUSY
                : running ? WorkerStatus.IDLE : WorkerStatus.OFFLINE;
        all.put(
            slot.id,
            new WorkerSnapshot(
                slot.id, status, currentTask(slot), slot.tasksCompleted, slot.tasksFailed));
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  private String stateOf(Slot slot) {
    if (slot.execution != null) {
      return slot.number > size ? "draining" : "busy";
    }
    return running ? "idle" : "stopped";
  }

  private static TaskId currentTask(Slot slot) {
    return slot.execution == null ? null : slot.execution.task.id();
  }

  private void retireIfDue(Slot slot, List<String> retired) {
    if (slot.number > size && slot.isFree() && slots.remove(slot.number, slot)) {
      retired.add(slot.id);
    }
  }

  private int busyCount() {
    int busy = 0;
    for (Slot slot : slots.values()) {
      if (slot.execution != null || slot.reserved) {
        busy++;
      }
    }
    return busy;
  }
}
