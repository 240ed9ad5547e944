package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.ports.contract.SpiFixture;
import io.aiopslab.executor.ports.contract.TaskQueueContract;

class InMemoryTaskQueueContractTest extends TaskQueueContract {
  @Override
  protected SpiFixture newFixture() {
    return new InMemorySpiFixture();
  }
}
