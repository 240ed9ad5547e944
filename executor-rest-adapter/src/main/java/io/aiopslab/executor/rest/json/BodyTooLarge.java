package io.aiopslab.executor.rest.json;

/** A request body over the configured limit (HTTP 413). */
public final class BodyTooLarge extends RuntimeException {
  private final long limit;

  public BodyTooLarge(long limit) {
    super("Request body exceeds the limit of " + limit + " bytes", null, false, false);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
