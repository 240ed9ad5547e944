package io.aiopslab.executor.ports.workers;

import io.aiopslab.executor.domain.worker.WorkerSnapshot;
import java.util.Map;

/**
 * The live state of this node's internal workers (the worker pool provides it). Reads overlay it on
 * the registry, which internal workers only update once per lease-keeper tick.
 */
public interface LiveWorkers {

  /** By worker id. */
  Map<String, WorkerSnapshot> snapshots();

  LiveWorkers NONE = Map::of;
}
