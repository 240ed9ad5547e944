package io.aiopslab.executor.domain;

/**
 * A rule of the domain said no. Each subtype carries the data of its refusal; the REST adapter maps
 * each subtype to exactly one problem type and status.
 */
public abstract class DomainException extends RuntimeException {
  protected DomainException(String message) {
    super(message, null, false, false); // refusals are expected: no stack trace to fill
  }
}
