package io.aiopslab.executor.bench;

import java.util.List;
import java.util.Locale;

/**
 * Command line of {@link ExecutorBench}: {@code --workload w1|w1b|w1c|w2|w3|w4|w5 [--c N] [--n N]
 * [--quick] [--variant default|prefetch] [--prefetch N]}. {@code --quick} runs at 1/20 scale. The
 * peer harness's own flags ({@code --variant}, {@code --batch}, {@code --count}, {@code
 * --interval-ms}) are understood as well.
 *
 * @param n tasks (W1, W2), latency samples (W3), finished rows (W4) or crashed tasks (W5)
 * @param c concurrency: pool slots (W2, W3), HTTP clients (W1c); ignored elsewhere
 * @param prefetch WORKER_PREFETCH of the pool (W2): {@code --prefetch N}; with {@code --variant
 *     prefetch} and no {@code --prefetch}, about 512 tasks per node ({@code 512 / c - 1} per slot,
 *     like graphile-worker's batched preset with its local queue of 500); else 0, the default
 */
record BenchOptions(
    String workload,
    int n,
    int c,
    boolean quick,
    int batch,
    int intervalMs,
    String variant,
    int prefetch) {

  static final List<String> WORKLOADS = List.of("w1", "w1b", "w1c", "w2", "w3", "w4", "w5");

  static BenchOptions parse(String[] args) {
    String workload = null;
    Integer n = null;
    Integer c = null;
    boolean quick = false;
    int batch = 1_000;
    int intervalMs = 20;
    String variant = "default";
    Integer prefetch = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> quick = true;
        case "--workload" -> workload = value(args, ++i, arg).toLowerCase(Locale.ROOT);
        case "--n", "--count" -> n = Integer.parseInt(value(args, ++i, arg));
        case "--c" -> c = Integer.parseInt(value(args, ++i, arg));
        case "--batch" -> batch = Integer.parseInt(value(args, ++i, arg));
        case "--interval-ms" -> intervalMs = Integer.parseInt(value(args, ++i, arg));
        case "--variant" -> variant = value(args, ++i, arg);
        case "--prefetch" -> prefetch = Integer.parseInt(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + usage());
      }
    }
    if (workload == null || !WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("--workload is required\n" + usage());
    }
    int fullN =
        switch (workload) {
          case "w3" -> 500;
          case "w4" -> 1_000_000;
          case "w5" -> 500;
          default -> 20_000;
        };
    int defaultC =
        switch (workload) {
          case "w1c" -> 16;
          case "w3" -> 4;
          case "w2" -> 8;
          default -> 0;
        };
    int slots = c != null ? c : defaultC;
    if (prefetch == null) {
      prefetch = variant.equals("prefetch") ? Math.max(1, 512 / Math.max(1, slots) - 1) : 0;
    }
    return new BenchOptions(
        workload,
        n != null ? n : quick ? fullN / 20 : fullN,
        slots,
        quick,
        batch,
        intervalMs,
        variant,
        prefetch);
  }

  static String usage() {
    return "usage: ExecutorBench --workload "
        + String.join("|", WORKLOADS)
        + " [--c N] [--n N] [--quick] [--variant default|prefetch] [--prefetch N]";
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value\n" + usage());
    }
    return args[i];
  }
}
