package io.aiopslab.executor.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Brings the schema up to date at startup with Liquibase's {@code CommandScope} API (the legacy API
 * prints to stdout). Safe on several nodes at once: Liquibase's lock table serialises them.
 */
public final class Migrations {

  public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

  private Migrations() {}

  public static void apply(DataSource dataSource) {
    System.setProperty("liquibase.analytics.enabled", "false");
    try (Connection connection = dataSource.getConnection()) {
      Map<String, Object> scope =
          Map.of(
              Scope.Attr.resourceAccessor.name(),
              new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
              Scope.Attr.ui.name(),
              new LoggerUIService(),
              "liquibase.analytics.enabled",
              false,
              // The same changelog twice on a class path (exploded classes + jar) is not an error.
              GlobalConfiguration.DUPLICATE_FILE_MODE.getKey(),
              GlobalConfiguration.DuplicateFileMode.SILENT);
      Scope.child(
          scope,
          () -> {
            Database database =
                DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .addArgumentValue(
                    ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute();
          });
    } catch (SQLException e) {
      throw new io.aiopslab.executor.domain.spi.StorageUnavailable(
          "Cannot migrate the database schema", e);
    } catch (Exception e) {
      throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
    }
  }
}
