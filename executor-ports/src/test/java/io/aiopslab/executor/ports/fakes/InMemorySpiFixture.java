package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.ports.contract.SpiFixture;
import java.time.Duration;

/** The in-memory store as an {@link SpiFixture}: {@link #elapse} advances its clock at once. */
public final class InMemorySpiFixture implements SpiFixture {

  private final InMemoryStore store;

  public InMemorySpiFixture() {
    this(new InMemoryStore());
  }

  public InMemorySpiFixture(InMemoryStore store) {
    this.store = store;
  }

  public InMemoryStore store() {
    return store;
  }

  @Override
  public InMemoryTaskQueue queue() {
    return store.queue();
  }

  @Override
  public InMemoryWorkerRegistry workers() {
    return store.workers();
  }

  @Override
  public InMemoryTaskLogs logs() {
    return store.logs();
  }

  @Override
  public InMemoryConversations conversations() {
    return store.conversations();
  }

  @Override
  public InMemoryQueueNotifications notifications() {
    return store.notifications();
  }

  @Override
  public void elapse(Duration duration) {
    store.clock().advance(duration);
  }
}
