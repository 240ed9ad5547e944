package io.aiopslab.executor.ports.archfixture;

import io.aiopslab.executor.app.ExecutorNode;

/** Breaks the rules on purpose: an inner ring reaching out to the composition root. */
public class PortsUsingTheApp {
  public ExecutorNode node;
}
