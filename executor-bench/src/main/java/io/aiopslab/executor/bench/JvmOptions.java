package io.aiopslab.executor.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/** The -X/-XX options this JVM was started with: recorded with every result, passed to children. */
final class JvmOptions {
  private JvmOptions() {}

  static List<String> tuning() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("-X"))
        .filter(arg -> !arg.startsWith("-XX:StartFlightRecording") && !arg.startsWith("-Xlog"))
        .toList();
  }
}
