package io.aiopslab.executor.ports.archfixture;

import io.aiopslab.executor.process.archfixture.ProcessAdapterUsingJaxRs;

/** Breaks the rules on purpose: a use case that reaches into an adapter. */
public class PortsUsingProcessAdapter {
  public ProcessAdapterUsingJaxRs adapter;
}
