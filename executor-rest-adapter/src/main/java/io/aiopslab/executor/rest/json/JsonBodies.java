package io.aiopslab.executor.rest.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads request bodies into JSON trees ({@code Map}, {@code List}, {@code String}, {@code
 * Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean}, {@code null}), the
 * shape the driving ports validate. Every body of the API goes through here, so the error mapping
 * is the same everywhere: over the limit → {@link BodyTooLarge}; empty, invalid, duplicate keys,
 * trailing garbage or too deep → {@link MalformedBody}.
 */
public final class JsonBodies {

  private final ObjectReader reader;
  private final long maxBytes;

  public JsonBodies(ObjectMapper mapper, long maxBytes) {
    this.reader = mapper.readerFor(Object.class);
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The body as a JSON tree; empty bodies are malformed. */
  public Object read(InputStream body) {
    byte[] bytes = readBytes(body);
    if (isBlank(bytes)) {
      throw new MalformedBody("Request body is empty; expected a JSON document");
    }
    return parse(bytes);
  }

  /** The body as a JSON tree, or null when it is empty (for endpoints whose body is optional). */
  public Object readOptional(InputStream body) {
    byte[] bytes = readBytes(body);
    return isBlank(bytes) ? null : parse(bytes);
  }

  private Object parse(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (
        JsonProcessingException e) { // includes StreamConstraintsException (too deep, too long)
      throw new MalformedBody("Invalid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] readBytes(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try {
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new BodyTooLarge(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new MalformedBody("Could not read the request body");
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Jackson's messages may quote a long stretch of the input; the first line is enough. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable document";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
