package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.ports.contract.ConversationsContract;
import io.aiopslab.executor.ports.contract.SpiFixture;

class InMemoryConversationsContractTest extends ConversationsContract {
  @Override
  protected SpiFixture newFixture() {
    return new InMemorySpiFixture();
  }
}
