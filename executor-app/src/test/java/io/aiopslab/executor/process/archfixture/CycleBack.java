package io.aiopslab.executor.process.archfixture;

import io.aiopslab.executor.ports.archfixture.CycleStart;

/** Breaks the rules on purpose: the other half of a cycle between two modules. */
public class CycleBack {
  public CycleStart start;
}
