package io.aiopslab.executor.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL started by the service itself when no {@code DATABASE_URL} is given, so a first run
 * needs nothing but a JDK. Its data stays in {@code EMBEDDED_DATA_DIR} across restarts.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  static EmbeddedDatabase start(Path dataDirectory) {
    Path absolute = dataDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.getParent());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(absolute)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "200")
              .start();
      return new EmbeddedDatabase(postgres, absolute);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start embedded PostgreSQL in " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** A URL in the form DATABASE_URL accepts. */
  String url() {
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
