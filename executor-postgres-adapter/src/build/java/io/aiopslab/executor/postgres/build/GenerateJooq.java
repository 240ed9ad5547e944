package io.aiopslab.executor.postgres.build;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.util.Map;
import java.util.stream.Stream;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;

import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build-time only: starts an embedded PostgreSQL, applies the Liquibase changelog and generates
 * the jOOQ classes from the real schema (jOOQ's Liquibase/H2 simulation cannot read jsonb or
 * partial indexes). Skips the work when the generated sources are newer than every changelog.
 *
 * <p>Arguments: the resources directory holding {@code db/changelog}, the output directory.
 */
public final class GenerateJooq {

  private static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";
  private static final String PACKAGE = "io.aiopslab.executor.postgres.jooq";

  public static void main(String[] args) throws Exception {
    Path resources = Path.of(args[0]);
    Path output = Path.of(args[1]);
    if (upToDate(resources.resolve("db/changelog"), output)) {
      System.out.println("[jooq] generated sources are up to date");
      return;
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Connection connection = postgres.getPostgresDatabase().getConnection()) {
      migrate(connection, resources);
      generate(postgres.getJdbcUrl("postgres", "postgres"), output);
    }
    Files.writeString(output.resolve(".stamp"), "generated");
  }

  private static void migrate(Connection connection, Path resources) throws Exception {
    Map<String, Object> scope =
        Map.of(
            Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(resources),
            Scope.Attr.ui.name(), new LoggerUIService(),
            "liquibase.analytics.enabled", false);
    Scope.child(
        scope,
        () -> {
          liquibase.database.Database database =
              DatabaseFactory.getInstance()
                  .findCorrectDatabaseImplementation(new JdbcConnection(connection));
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
              .execute();
        });
  }

  private static void generate(String jdbcUrl, Path output) throws Exception {
    new GenerationTool()
        .run(
            new Configuration()
                .withLogging(org.jooq.meta.jaxb.Logging.WARN)
                .withJdbc(
                    new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(jdbcUrl)
                        .withUser("postgres"))
                .withGenerator(
                    new Generator()
                        .withDatabase(
                            new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withIncludes(".*")
                                .withExcludes(
                                    "databasechangelog|databasechangeloglock|executor_.*"))
                        .withGenerate(
                            new Generate()
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withRoutines(false)
                                .withGeneratedAnnotation(false)
                                .withJavadoc(false)
                                .withComments(false))
                        .withTarget(
                            new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(output.toString())
                                .withClean(true))));
  }

  private static boolean upToDate(Path changelogs, Path output) throws IOException {
    Path stamp = output.resolve(".stamp");
    if (!Files.exists(stamp)) {
      return false;
    }
    FileTime generated = Files.getLastModifiedTime(stamp);
    try (Stream<Path> files = Files.walk(changelogs)) {
      return files
          .filter(Files::isRegularFile)
          .allMatch(f -> lastModified(f).compareTo(generated) < 0);
    }
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE);
    }
  }
}
