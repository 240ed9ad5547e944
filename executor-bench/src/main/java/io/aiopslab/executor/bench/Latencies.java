package io.aiopslab.executor.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency samples in nanoseconds; percentiles by nearest rank, as the peer drivers compute them.
 */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int size() {
    return size;
  }

  /** Nearest-rank percentile in milliseconds, rounded to 0.01 ms. */
  synchronized double percentileMs(double p) {
    if (size == 0) {
      throw new IllegalStateException("no samples");
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return Results.round(sorted[Math.min(size - 1, Math.max(0, rank - 1))] / 1e6, 2);
  }

  synchronized double maxMs() {
    return Results.round(Arrays.stream(values, 0, size).max().orElse(0) / 1e6, 2);
  }

  synchronized double meanMs() {
    return Results.round(Arrays.stream(values, 0, size).average().orElse(0) / 1e6, 2);
  }

  /**
   * The {@code k} slowest samples as [position in the order they were added, ms], slowest first:
   * tells a warm-up tail (low positions) from one spread over the run.
   */
  synchronized List<List<Number>> slowest(int k) {
    return java.util.stream.IntStream.range(0, size)
        .boxed()
        .sorted((a, b) -> Long.compare(values[b], values[a]))
        .limit(k)
        .map(i -> List.<Number>of(i, Results.round(values[i] / 1e6, 2)))
        .toList();
  }

  /** n, p50, p95, p99, max, mean. */
  Map<String, Object> summary() {
    var m = new LinkedHashMap<String, Object>();
    m.put("n", size());
    m.put("p50_ms", percentileMs(50));
    m.put("p95_ms", percentileMs(95));
    m.put("p99_ms", percentileMs(99));
    m.put("max_ms", maxMs());
    m.put("mean_ms", meanMs());
    return m;
  }
}
