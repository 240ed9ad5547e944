package io.aiopslab.executor.domain.archfixture;

import java.time.LocalDateTime;

/** Breaks the rules on purpose: keeps a time without a zone. */
public class DomainUsingLocalDateTime {
  public LocalDateTime at;
}
