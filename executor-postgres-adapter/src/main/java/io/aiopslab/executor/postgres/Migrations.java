package io.aiopslab.executor.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    if (upToDate(dataSource)) {
      return;
    }
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

  /**
   * Startup fast path: when every changeset id of our changelog is already recorded in {@code
   * databasechangelog}, there is nothing to apply and Liquibase (about 1.5 s of class loading and
   * parsing) is not started at all. Any doubt — no table, a missing id, an unreadable changelog —
   * falls through to the real update, which also validates checksums.
   */
  static boolean upToDate(DataSource dataSource) {
    Set<String> wanted = changeSetIds();
    if (wanted.isEmpty()) {
      return false;
    }
    try (Connection connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      var tables = statement.executeQuery("SELECT to_regclass('databasechangelog') IS NOT NULL");
      if (!tables.next() || !tables.getBoolean(1)) {
        return false;
      }
      var applied = new HashSet<String>();
      try (var rows = statement.executeQuery("SELECT id FROM databasechangelog")) {
        while (rows.next()) {
          applied.add(rows.getString(1));
        }
      }
      return applied.containsAll(wanted);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Changeset ids of the master changelog's included files (our own, simple YAML layout). */
  static Set<String> changeSetIds() {
    var ids = new HashSet<String>();
    String master = resource(CHANGELOG);
    if (master == null) {
      return Set.of();
    }
    String base = CHANGELOG.substring(0, CHANGELOG.lastIndexOf('/') + 1);
    Matcher include = INCLUDE.matcher(master);
    while (include.find()) {
      String file = resource(base + include.group(1));
      if (file == null) {
        return Set.of();
      }
      Matcher id = CHANGESET_ID.matcher(file);
      while (id.find()) {
        ids.add(id.group(1));
      }
    }
    return ids;
  }

  private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*file:\\s*(\\S+)\\s*$");
  private static final Pattern CHANGESET_ID =
      Pattern.compile("(?m)^\\s*-\\s*changeSet:\\s*\\R\\s*id:\\s*(\\S+)\\s*$");

  private static String resource(String path) {
    try (var in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
