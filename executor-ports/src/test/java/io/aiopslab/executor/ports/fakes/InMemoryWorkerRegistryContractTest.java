package io.aiopslab.executor.ports.fakes;

import io.aiopslab.executor.ports.contract.SpiFixture;
import io.aiopslab.executor.ports.contract.WorkerRegistryContract;

class InMemoryWorkerRegistryContractTest extends WorkerRegistryContract {
  @Override
  protected SpiFixture newFixture() {
    return new InMemorySpiFixture();
  }
}
