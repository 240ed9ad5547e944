package io.aiopslab.executor.rest;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.ports.RequestParameters;
import io.aiopslab.executor.ports.workers.ControlWorkers;
import java.util.LinkedHashMap;

/** A pool without threads that behaves as API.md says the internal pool answers. */
final class FakeControlWorkers implements ControlWorkers {
  static final int MAX = 64;
  private final String nodeId;
  private boolean running;
  private int size;

  FakeControlWorkers(String nodeId, boolean running, int size) {
    this.nodeId = nodeId;
    this.running = running;
    this.size = size;
  }

  @Override
  public synchronized PoolStatus status() {
    var workers = new LinkedHashMap<String, SlotState>();
    for (int i = 1; i <= size; i++) {
      workers.put(
          nodeId + "-worker-" + String.format("%03d", i),
          new SlotState(running ? "idle" : "stopped", null));
    }
    return new PoolStatus(running, size, workers);
  }

  @Override
  public synchronized ScaleResult scale(String numWorkers) {
    if (numWorkers == null) {
      throw ValidationFailed.of("num_workers", "field required");
    }
    int wanted = RequestParameters.intParam(numWorkers, "num_workers", 0, MAX, size);
    int previous = size;
    size = wanted;
    return new ScaleResult(previous, wanted);
  }

  @Override
  public synchronized PoolStatus stop() {
    running = false;
    return status();
  }

  @Override
  public synchronized PoolStatus start() {
    running = true;
    return status();
  }
}
