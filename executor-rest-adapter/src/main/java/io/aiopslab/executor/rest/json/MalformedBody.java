package io.aiopslab.executor.rest.json;

/** A request body that is not one JSON document (empty, invalid, trailing garbage, too deep). */
public final class MalformedBody extends RuntimeException {
  public MalformedBody(String message) {
    super(message, null, false, false);
  }
}
