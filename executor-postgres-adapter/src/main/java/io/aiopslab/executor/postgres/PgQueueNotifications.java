package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import io.aiopslab.executor.domain.task.TaskId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups over LISTEN/NOTIFY. One dedicated connection (never from the pool: a pooled connection
 * would be handed to others and lose its LISTEN) is read by one named thread. When the connection
 * is lost — the database restarted, the backend was terminated — the thread reconnects with backoff
 * and tells listeners {@link Listener#reconnected()}, since notifications may have been missed
 * meanwhile.
 */
public final class PgQueueNotifications implements QueueNotifications, AutoCloseable {

  /** Opens a connection outside any pool. */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private static final Logger LOG = Logger.getLogger(PgQueueNotifications.class.getName());
  private static final int POLL_MILLIS = 500;
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** A silent connection is probed this often, so a half-open socket is noticed. */
  private static final long PROBE_MILLIS = 10_000;

  private final ConnectionFactory connections;
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;
  private volatile boolean listening;

  public PgQueueNotifications(ConnectionFactory connections) {
    this.connections = connections;
    this.thread = Thread.ofPlatform().name("executor-queue-listener").daemon().unstarted(this::run);
    thread.start();
  }

  @Override
  public AutoCloseable subscribe(Listener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** True while the LISTEN connection is up (for health checks and tests). */
  public boolean isListening() {
    return listening;
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    boolean everConnected = false;
    while (running) {
      try (Connection c = connections.open()) {
        connection = c;
        try (Statement statement = c.createStatement()) {
          statement.execute("LISTEN " + JooqTaskQueue.TASKS_AVAILABLE_CHANNEL);
          statement.execute("LISTEN " + JooqTaskQueue.TASK_CANCELLED_CHANNEL);
        }
        listening = true;
        backoff = MIN_BACKOFF;
        if (everConnected) {
          LOG.info("LISTEN connection re-established");
          fire(Listener::reconnected);
        }
        everConnected = true;
        receive(c);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.log(
              Level.WARNING,
              "LISTEN connection lost; reconnecting in "
                  + backoff.toMillis()
                  + " ms: "
                  + e.getMessage());
        }
      } finally {
        listening = false;
        connection = null;
      }
      if (running) {
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  private void receive(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long lastTraffic = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        lastTraffic = System.nanoTime();
        dispatch(notifications);
      } else if (System.nanoTime() - lastTraffic > PROBE_MILLIS * 1_000_000) {
        try (Statement probe = c.createStatement()) {
          probe.execute("SELECT 1");
        }
        lastTraffic = System.nanoTime();
      }
    }
  }

  private void dispatch(PGNotification[] notifications) {
    boolean available = false;
    for (PGNotification n : notifications) {
      if (JooqTaskQueue.TASKS_AVAILABLE_CHANNEL.equals(n.getName())) {
        available = true;
      } else if (JooqTaskQueue.TASK_CANCELLED_CHANNEL.equals(n.getName())) {
        TaskId.parse(n.getParameter())
            .ifPresent(id -> fire(listener -> listener.taskCancelled(id)));
      }
    }
    if (available) {
      fire(Listener::tasksAvailable); // one call for a burst: listeners are debounced already
    }
  }

  private void fire(java.util.function.Consumer<Listener> event) {
    for (Listener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "queue notification listener failed", e);
      }
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
