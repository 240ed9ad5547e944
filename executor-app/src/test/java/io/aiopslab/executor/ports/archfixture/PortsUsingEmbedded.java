package io.aiopslab.executor.ports.archfixture;

import io.aiopslab.executor.embedded.EmbeddedExecutor;

/** Breaks the rules on purpose: the core reaching out to its own composition. */
public class PortsUsingEmbedded {
  public EmbeddedExecutor executor;
}
