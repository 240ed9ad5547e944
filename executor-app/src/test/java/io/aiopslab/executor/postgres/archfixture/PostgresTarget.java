package io.aiopslab.executor.postgres.archfixture;

/** The target of a forbidden adapter-to-adapter dependency (architecture test fixture). */
public class PostgresTarget {}
