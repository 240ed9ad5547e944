package io.aiopslab.executor.domain.worker;

/** Optional filters of the worker list (null = any). */
public record WorkerFilter(WorkerStatus status, String backendType) {
  public static final WorkerFilter ALL = new WorkerFilter(null, null);
}
