package io.aiopslab.executor.ports.engine;

import io.aiopslab.executor.domain.run.StopReason;
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
  private int capacity = 1;
  private boolean running;
  private boolean accepting = true;
  private StopReason stopAll; // once set, every execution held now or assigned later is stopped

  /** What a claim brought: executions to start, tasks no slot took, slots retired meanwhile. */
  record Assignment(List<Execution> started, List<Task> unassigned, List<String> retired) {}

  /** The effect of a scale: slots to create (numbers) and slots retired at once (ids). */
  record ScalePlan(int previous, List<Integer> missing, List<String> retired) {}

  /**
   * {@code capacity}: how many tasks one slot holds at most, the one it runs and those claimed
   * ahead ({@link EngineSettings#tasksPerWorker()}).
   */
  void init(Collection<Slot> initial, int size, boolean running, int capacity) {
    lock.lock();
    try {
      initial.forEach(slot -> slots.put(slot.number, slot));
      this.size = size;
      this.capacity = capacity;
      this.running = running;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks every slot below the size that has room as reserved for one claim, and lists it once per
   * task it may take (once per idle slot without prefetch); none when not claiming.
   */
  List<Slot> reserveRoom() {
    lock.lock();
    try {
      if (!running || !accepting) {
        return List.of();
      }
      List<Slot> room = new ArrayList<>();
      for (Slot slot : slots.values()) {
        if (slot.number > size) {
          break;
        }
        reserve(slot, room);
      }
      return room;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks up to {@code max} free slots (holding nothing, in no other claim) below the size as
   * reserved for one claim, each listed once: the room a submit may claim for (ADR 0009). Empty
   * while the pool is stopped or shutting down.
   */
  List<Slot> reserveFree(int max) {
    lock.lock();
    try {
      if (!running || !accepting || max <= 0) {
        return List.of();
      }
      List<Slot> free = new ArrayList<>(Math.min(max, slots.size()));
      for (Slot slot : slots.values()) {
        if (slot.number > size || free.size() == max) {
          break;
        }
        if (slot.isFree()) {
          slot.reserved = true;
          free.add(slot);
        }
      }
      return free;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives each claimed task to the slot it was claimed for, to run at once when the slot is idle,
   * else to start after what the slot holds, and lifts the reservations.
   */
  Assignment assign(
      List<Slot> reserved, List<Task> claimed, BiFunction<Slot, Task, Execution> execution) {
    Map<String, Slot> byId = new HashMap<>();
    reserved.forEach(slot -> byId.putIfAbsent(slot.id, slot));
    List<Execution> started = new ArrayList<>(claimed.size());
    List<Task> unassigned = new ArrayList<>();
    List<String> retired = new ArrayList<>();
    lock.lock();
    try {
      for (Task task : claimed) {
        Slot slot = byId.get(task.workerId());
        if (slot == null || slot.held() >= capacity) {
          unassigned.add(task);
        } else {
          Execution created = execution.apply(slot, task);
          if (stopAll != null) {
            created.stop.stop(stopAll); // claimed while shutting down: it ends before it runs
          }
          if (slot.execution == null) {
            slot.execution = created;
            started.add(created);
          } else {
            slot.queued.add(created);
          }
        }
      }
      for (Slot slot : byId.values()) {
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
   * An execution's runner returned: the slot moves on to the next task it holds (returned, to be
   * started at once, before the end is even recorded) or becomes idle (null).
   */
  Execution advance(Execution ended) {
    lock.lock();
    try {
      Slot slot = ended.slot;
      if (slot.execution != ended) {
        return null;
      }
      slot.execution = slot.queued.poll();
      if (slot.execution == null) {
        becameIdle.signalAll();
      }
      return slot.execution;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reserves at once the slots of ended executions that may claim again (within the size, pool
   * running), once per task each has room for: the completer refills them in the same statement
   * that records the ends. The others retire when due.
   */
  Handover handOver(List<Execution> ended) {
    List<Slot> reserved = new ArrayList<>(ended.size());
    List<String> retired = new ArrayList<>();
    lock.lock();
    try {
      for (Execution execution : ended) {
        Slot slot = execution.slot;
        if (running && accepting && slot.number <= size) {
          reserve(slot, reserved);
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

  /** Reserves {@code slot} when it has room, listing it once per task it may take. */
  private void reserve(Slot slot, List<Slot> into) {
    int room = slot.room(capacity);
    if (room > 0) {
      slot.reserved = true;
      for (int i = 0; i < room; i++) {
        into.add(slot);
      }
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
   * Stops every execution held (running or claimed ahead) and every one a claim still in flight
   * brings; returns those stopped now.
   */
  List<Execution> stopAll(StopReason reason) {
    lock.lock();
    try {
      stopAll = reason;
      List<Execution> held = executions();
      held.forEach(execution -> execution.stop.stop(reason));
      return held;
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

  /** The execution of this task on one of the slots, if it runs or waits here. */
  Execution find(TaskId taskId) {
    lock.lock();
    try {
      for (Slot slot : slots.values()) {
        if (slot.execution != null && slot.execution.task.id().equals(taskId)) {
          return slot.execution;
        }
        for (Execution queued : slot.queued) {
          if (queued.task.id().equals(taskId)) {
            return queued;
          }
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Every attempt this node holds: running and claimed ahead (their leases are ours too). */
  List<Execution> executions() {
    lock.lock();
    try {
      List<Execution> all = new ArrayList<>();
      for (Slot slot : slots.values()) {
        if (slot.execution != null) {
          all.add(slot.execution);
          all.addAll(slot.queued);
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
