package io.aiopslab.executor.process.archfixture;

import io.aiopslab.executor.postgres.archfixture.PostgresTarget;

/** Breaks the rules on purpose: one adapter that uses another. */
public class ProcessAdapterUsingPostgresAdapter {
  public PostgresTarget target;
}
