package io.aiopslab.executor.app;

import io.aiopslab.executor.app.config.ExecutorConfig;
import io.aiopslab.executor.app.config.InvalidConfiguration;
import io.aiopslab.executor.app.observability.LoggingSetup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts one node and keeps it until SIGTERM/SIGINT. The first signal shuts down gracefully (in
 * flight tasks get SHUTDOWN_GRACE_SECONDS); a second one hands still-running tasks back at once.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    System.setProperty("liquibase.analytics.enabled", "false");
    ExecutorConfig config;
    try {
      config = ExecutorConfig.load();
    } catch (InvalidConfiguration e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LoggingSetup.apply(config);
    Logger log = LoggerFactory.getLogger(Main.class);

    long startedNanos = System.nanoTime();
    ExecutorNode node;
    try {
      node = ExecutorNode.start(config);
    } catch (RuntimeException e) {
      log.error("Startup failed: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    log.info("{} — ready in {} ms", node.banner(), (System.nanoTime() - startedNanos) / 1_000_000);

    var stopped = new CountDownLatch(1);
    var signals = new AtomicInteger();
    Runnable onSignal =
        () -> {
          if (signals.incrementAndGet() == 1) {
            Thread.ofPlatform()
                .name("executor-shutdown")
                .start(
                    () -> {
                      try {
                        node.close();
                      } finally {
                        stopped.countDown();
                      }
                    });
          } else {
            log.warn("Second stop signal: handing running tasks back now");
            node.shutdown(Duration.ZERO);
          }
        };
    Signal.handle(new Signal("TERM"), signal -> onSignal.run());
    Signal.handle(new Signal("INT"), signal -> onSignal.run());
    // Anything else that ends the JVM normally still shuts down gracefully.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (signals.get() == 0) {
                    node.close();
                  }
                },
                "executor-shutdown-hook"));
    stopped.await();
    System.exit(0);
  }
}
