package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.domain.spi.QueueNotifications;
import java.util.Objects;

/**
 * {@link QueueNotifications} of the {@link InMemoryStore}: listeners are called synchronously, on
 * the submitting or cancelling thread, after the store's lock is released.
 */
public final class InMemoryQueueNotifications implements QueueNotifications {

  private final InMemoryStore store;

  InMemoryQueueNotifications(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public AutoCloseable subscribe(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    store.addListener(listener);
    return () -> store.removeListener(listener);
  }

  /** Tells every listener that the channel was re-established (tests of missed wake-ups). */
  public void simulateReconnect() {
    store.fire(Listener::reconnected);
  }
}
