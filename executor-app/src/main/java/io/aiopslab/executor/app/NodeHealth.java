package io.aiopslab.executor.app;

import io.aiopslab.executor.ports.health.CheckHealth;
import java.util.function.BooleanSupplier;

/** The core's health, with readiness going down as soon as the node begins to shut down. */
final class NodeHealth implements CheckHealth {
  private final CheckHealth core;
  private final BooleanSupplier accepting;

  NodeHealth(CheckHealth core, BooleanSupplier accepting) {
    this.core = core;
    this.accepting = accepting;
  }

  @Override
  public HealthReport health() {
    return core.health();
  }

  @Override
  public boolean ready() {
    return accepting.getAsBoolean() && core.ready();
  }
}
