package io.aiopslab.executor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  record Line(String kept, long length) {}

  private static List<Line> read(InputStream in, int limit, int eventLimit) throws IOException {
    var lines = new ArrayList<Line>();
    new LineReader(limit, eventLimit)
        .readAll(
            in,
            (bytes, kept, length) ->
                lines.add(new Line(new String(bytes, 0, kept, StandardCharsets.UTF_8), length)));
    return lines;
  }

  private static List<Line> read(String text, int limit, int eventLimit) throws IOException {
    return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit, eventLimit);
  }

  @Test
  void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
    assertEquals(
        List.of(new Line("a", 1), new Line("", 0), new Line("b c", 3), new Line("last", 4)),
        read("a\n\nb c\r\nlast", 10, 20));
  }

  @Test
  void keepsAtMostTheLimitButCountsTheWholeLine() throws IOException {
    assertEquals(List.of(new Line("abcd", 10), new Line("ok", 2)), read("abcdefghij\nok\n", 4, 8));
  }

  @Test
  void linesStartingWithABraceMayUseTheEventLimit() throws IOException {
    assertEquals(
        List.of(new Line("{\"a\":1}", 7), new Line("{\"a\":12", 11), new Line("xxxx", 7)),
        read("{\"a\":1}\n{\"a\":12345}\nxxxxxxx\n", 4, 7));
  }

  @Test
  void linesSpanningManyReadsAreJoined() throws IOException {
    String longLine = "z".repeat(50_000);
    // one byte per read, the worst case for the chunk logic
    InputStream trickle =
        new ByteArrayInputStream((longLine + "\nend\n").getBytes(StandardCharsets.US_ASCII)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };

    assertEquals(
        List.of(new Line(longLine, 50_000), new Line("end", 3)), read(trickle, 60_000, 60_000));
  }

  @Test
  void truncationNeverSplitsAUtf8Character() {
    byte[] bytes = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
    assertEquals(1, RunOutput.characterBoundary(bytes, 2));
    assertEquals(3, RunOutput.characterBoundary(bytes, 3));
    assertEquals(3, RunOutput.characterBoundary(bytes, 5));
    assertEquals(6, RunOutput.characterBoundary(bytes, 6));
    assertEquals(6, RunOutput.characterBoundary(bytes, 9));
    assertEquals(10, RunOutput.characterBoundary(bytes, 10));
  }
}
