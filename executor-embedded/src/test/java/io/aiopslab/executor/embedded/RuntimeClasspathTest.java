package io.aiopslab.executor.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a host gets on its class path by depending on executor-embedded: exactly this module's
 * runtime class path (written by the build, see the pom), loaded in a class loader of its own — the
 * test class path has test-only libraries that would hide a leak. The enforcer rule in the pom
 * checks the same at the dependency level.
 */
class RuntimeClasspathTest {
  private static List<Path> entries;
  private static URLClassLoader host;

  @BeforeAll
  static void hostClassPath() throws IOException {
    String file = System.getProperty("runtime.classpath.file");
    String classes = System.getProperty("module.classes");
    assertTrue(file != null && classes != null, "run through Maven: the pom passes both paths");
    entries = new ArrayList<>();
    entries.add(Path.of(classes));
    for (String entry : Files.readString(Path.of(file)).strip().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      urls.add(toUrl(entry));
    }
    host = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @AfterAll
  static void close() throws IOException {
    host.close();
  }

  @Test
  void theEmbeddingPathLoadsFromIt() throws Exception {
    // Guards the test itself: the loader sees the module, its adapters and the driver.
    for (String name :
        List.of(
            "io.aiopslab.executor.embedded.EmbeddedExecutor",
            "io.aiopslab.executor.embedded.EmbeddedExecutor$Builder",
            "io.aiopslab.executor.postgres.PostgresStore",
            "io.aiopslab.executor.process.ProcessTaskRunner",
            "io.aiopslab.executor.ports.engine.WorkerPool",
            "org.postgresql.Driver",
            "liquibase.command.CommandScope")) {
      Class<?> type = Class.forName(name, true, host);
      assertEquals(host, type.getClassLoader(), name + " came from elsewhere");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.glassfish.jersey.server.ResourceConfig",
        "org.glassfish.grizzly.http.server.HttpServer",
        "jakarta.ws.rs.core.Response",
        "jakarta.servlet.Servlet",
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.annotation.JsonProperty",
        "io.micrometer.core.instrument.MeterRegistry",
        "org.eclipse.jetty.server.Server",
        "io.netty.channel.Channel",
        "io.undertow.Undertow"
      })
  void noWebStackIsOnIt(String className) {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(className, false, host));
  }

  @Test
  void noJarOfAWebStackIsOnIt() {
    for (Path entry : entries) {
      String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
      for (String banned :
          List.of("jersey", "grizzly", "jackson", "micrometer", "jetty", "netty", "servlet")) {
        assertTrue(!name.contains(banned), () -> entry + " is on the embedding class path");
      }
    }
  }

  private static URL toUrl(Path entry) {
    try {
      return entry.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
