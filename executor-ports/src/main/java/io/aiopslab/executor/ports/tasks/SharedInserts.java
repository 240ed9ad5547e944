package io.aiopslab.executor.ports.tasks;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import io.aiopslab.executor.domain.spi.TaskQueue;
import io.aiopslab.executor.domain.task.NewTask;
import io.aiopslab.executor.domain.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Concurrent single-task submits share one insert (group commit, ADR 0010). A submit that finds no
 * insert in flight stores its task at once, alone; submits that arrive while one is in flight wait
 * for it and the first of them then stores them all in one statement. No timer: an idle node adds
 * no latency, and a busy one sends one statement, one commit and one notification per group instead
 * of per task. Every caller returns only after its own task is committed.
 *
 * <p>The queue's insert is all-or-nothing; when a shared insert is refused for its data, each of
 * its tasks is stored again alone, so one caller's bad task never fails another's. When storage is
 * unavailable, every caller of the group gets that error at once.
 */
final class SharedInserts {
  /** At most this many tasks per shared insert, the size of one batch submit. */
  static final int MAX_GROUP = 1000;

  private final TaskQueue queue;
  private final ReentrantLock lock = new ReentrantLock();
  private List<Waiter> waiting = new ArrayList<>();
  private boolean inserting;

  SharedInserts(TaskQueue queue) {
    this.queue = queue;
  }

  /** Stores one task, possibly with others submitted meanwhile; returns it as stored. */
  Task submit(NewTask task) {
    Waiter me = new Waiter(task, lock.newCondition());
    List<Waiter> group;
    lock.lock();
    try {
      if (inserting) {
        waiting.add(me);
        while (!me.done && !me.leads) {
          me.turn.awaitUninterruptibly();
        }
        if (me.done) {
          return me.outcome();
        }
        group = takeGroup();
      } else {
        inserting = true;
        group = List.of(me);
      }
    } finally {
      lock.unlock();
    }
    try {
      store(group);
    } finally {
      handOver(group);
    }
    return me.outcome();
  }

  /** How many submits wait for the insert in flight (for tests). */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** The first waiters, up to {@link #MAX_GROUP}; called with the lock held. */
  private List<Waiter> takeGroup() {
    if (waiting.size() <= MAX_GROUP) {
      List<Waiter> group = waiting;
      waiting = new ArrayList<>();
      return group;
    }
    List<Waiter> group = new ArrayList<>(waiting.subList(0, MAX_GROUP));
    waiting = new ArrayList<>(waiting.subList(MAX_GROUP, waiting.size()));
    return group;
  }

  private void store(List<Waiter> group) {
    try {
      List<Task> stored = queue.submit(group.stream().map(w -> w.task).toList());
      for (int i = 0; i < group.size(); i++) {
        group.get(i).stored = stored.get(i);
      }
    } catch (RuntimeException e) {
      if (group.size() == 1 || e instanceof StorageUnavailable) {
        // Nobody's task can be stored now: each caller gets the error (a 503), none waits longer.
        group.forEach(w -> w.failure = e);
        return;
      }
      for (Waiter w : group) {
        try {
          w.stored = queue.submit(List.of(w.task)).getFirst();
        } catch (RuntimeException alone) {
          w.failure = alone;
        }
      }
    }
  }

  /** Wakes the group's callers and lets the first waiter, if any, lead the next insert. */
  private void handOver(List<Waiter> group) {
    lock.lock();
    try {
      for (Waiter w : group) {
        if (w.stored == null && w.failure == null) {
          w.failure = new IllegalStateException("the shared insert ended without an outcome");
        }
        w.done = true;
        w.turn.signal();
      }
      if (waiting.isEmpty()) {
        inserting = false;
      } else {
        Waiter next = waiting.getFirst();
        next.leads = true;
        next.turn.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private static final class Waiter {
    final NewTask task;
    final Condition turn;
    boolean leads;
    boolean done;
    Task stored;
    RuntimeException failure;

    Waiter(NewTask task, Condition turn) {
      this.task = task;
      this.turn = turn;
    }

    Task outcome() {
      if (failure != null) {
        throw failure;
      }
      return stored;
    }
  }
}
