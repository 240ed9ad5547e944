package io.aiopslab.executor.process;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines with bounded memory: never more than {@code limit} bytes of a
 * line are held, the rest of an over-long line is counted and skipped. Lines starting with {@code
 * '{'} may use {@code eventLimit} bytes (a protocol event can be long); others {@code limit}.
 */
final class LineReader {

  /** Receives each line; {@code bytes[0..kept)} is valid only during the call. */
  interface Sink {
    void line(byte[] bytes, int kept, long length);
  }

  private static final int CHUNK = 8192;

  private final int limit;
  private final int eventLimit;

  LineReader(int limit, int eventLimit) {
    this.limit = limit;
    this.eventLimit = eventLimit;
  }

  /** Reads {@code in} to its end, calling {@code sink} per line ("\n" or "\r\n" removed). */
  void readAll(InputStream in, Sink sink) throws IOException {
    byte[] chunk = new byte[CHUNK];
    byte[] line = new byte[Math.min(CHUNK, eventLimit)];
    int kept = 0;
    long length = 0;
    int lineLimit = limit;
    int n;
    while ((n = in.read(chunk)) >= 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] != '\n') {
          continue;
        }
        // bytes chunk[start..i) end the current line
        if (length == 0 && i > start) {
          lineLimit = chunk[start] == '{' ? eventLimit : limit;
        }
        int take = (int) Math.max(0, Math.min(i - start, lineLimit - length));
        line = ensure(line, kept + take, lineLimit);
        System.arraycopy(chunk, start, line, kept, take);
        kept += take;
        length += i - start;
        if (length > 0 && kept == length && line[kept - 1] == '\r') {
          kept--;
          length--;
        }
        sink.line(line, kept, length);
        kept = 0;
        length = 0;
        start = i + 1;
      }
      if (start < n) {
        if (length == 0) {
          lineLimit = chunk[start] == '{' ? eventLimit : limit;
        }
        int take = (int) Math.max(0, Math.min(n - start, lineLimit - length));
        line = ensure(line, kept + take, lineLimit);
        System.arraycopy(chunk, start, line, kept, take);
        kept += take;
        length += n - start;
      }
    }
    if (length > 0) {
      sink.line(line, kept, length);
    }
  }

  private static byte[] ensure(byte[] line, int needed, int max) {
    if (needed <= line.length) {
      return line;
    }
    int size = line.length;
    while (size < needed) {
      size = size * 2;
    }
    var grown = new byte[Math.min(size, Math.max(max, needed))];
    System.arraycopy(line, 0, grown, 0, line.length);
    return grown;
  }
}
