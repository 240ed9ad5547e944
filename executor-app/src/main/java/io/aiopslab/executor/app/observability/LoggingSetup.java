package io.aiopslab.executor.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.aiopslab.executor.app.config.ExecutorConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logging from the validated config, before anything else logs: text for people, JSON
 * lines (LOG_FORMAT=json) for machines. MDC keys {@code request_id}, {@code task_id} and {@code
 * worker_id} appear as fields in JSON and in brackets in text.
 */
public final class LoggingSetup {
  private LoggingSetup() {}

  public static void apply(ExecutorConfig config) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    Encoder<ILoggingEvent> encoder;
    if (config.logFormat() == ExecutorConfig.LogFormat.JSON) {
      var json = new LogstashEncoder();
      json.setIncludeMdcKeyNames(java.util.List.of("request_id", "task_id", "worker_id"));
      json.setContext(context);
      json.start();
      encoder = json;
    } else {
      var text = new PatternLayoutEncoder();
      text.setPattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36}"
              + "%replace( [%X{request_id}%X{task_id}%X{worker_id}]){' \\[\\]', ''} - %msg%n");
      text.setContext(context);
      text.start();
      encoder = text;
    }
    var console = new ConsoleAppender<ILoggingEvent>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder);
    console.start();

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.logLevel(), Level.INFO));
    root.addAppender(console);
    // Libraries that are chatty at INFO.
    context.getLogger("liquibase").setLevel(Level.WARN);
    // jOOQ warns that its dialect targets newer PostgreSQL versions; it works (STACK.md).
    context.getLogger("org.jooq").setLevel(Level.ERROR);
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    context.getLogger("io.zonky").setLevel(Level.WARN);
    context.getLogger("org.glassfish").setLevel(Level.WARN);

    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
