package io.aiopslab.executor.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the result line: ordered maps and rounding. */
final class Results {
  private Results() {}

  static Map<String, Object> map(Object... keysAndValues) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static double round(double value, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(value * f) / f;
  }

  static double perSecond(long count, long nanos) {
    return round(count / (nanos / 1e9), 1);
  }

  static double ms(long nanos) {
    return round(nanos / 1e6, 1);
  }
}
