package io.aiopslab.executor.ports.archfixture;

import io.aiopslab.executor.process.archfixture.CycleBack;

/** Breaks the rules on purpose: one half of a cycle between two modules. */
public class CycleStart {
  public CycleBack back;
}
