package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.ports.contract.SpiFixture;
import io.aiopslab.executor.ports.contract.TaskLogsContract;

class InMemoryTaskLogsContractTest extends TaskLogsContract {
  @Override
  protected SpiFixture newFixture() {
    return new InMemorySpiFixture();
  }
}
