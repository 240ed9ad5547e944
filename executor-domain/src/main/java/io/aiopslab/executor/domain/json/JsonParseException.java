package io.aiopslab.executor.domain.json;

/** The text is not one valid JSON document; {@code position} is the offending character index. */
public final class JsonParseException extends IllegalArgumentException {
  private final int position;

  public JsonParseException(String message, int position) {
    super(message + " at position " + position);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
