package io.aiopslab.executor.domain.worker;

import java.util.Map;
import java.util.Objects;

/** What a worker says about itself when it registers (validated by the worker protocol). */
public record WorkerRegistration(
    String workerId,
    String backendType,
    Map<String, Object> capabilities,
    Map<String, Object> metadata) {
  public WorkerRegistration {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(backendType, "backendType");
    capabilities = capabilities == null ? Map.of() : capabilities;
    metadata = metadata == null ? Map.of() : metadata;
  }
}
