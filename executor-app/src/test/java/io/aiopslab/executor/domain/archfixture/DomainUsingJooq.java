package io.aiopslab.executor.domain.archfixture;

/**
 * Breaks the rules on purpose: a "domain" class that uses jOOQ. Only the architecture test reads
 * it.
 */
public class DomainUsingJooq {
  public Object dsl() {
    return org.jooq.impl.DSL.inline(1);
  }
}
