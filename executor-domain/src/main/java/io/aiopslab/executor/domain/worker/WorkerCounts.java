package io.aiopslab.executor.domain.worker;

/** How many registered workers are in each state. */
public record WorkerCounts(long idle, long busy, long offline) {
  public long total() {
    return idle + busy + offline;
  }
}
