package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  @Test
  void fastPathKnowsEveryChangesetOfTheChangelog() throws IOException {
    int declared = 0;
    String master = read(Migrations.CHANGELOG);
    var include = Pattern.compile("file:\\s*(\\S+)").matcher(master);
    while (include.find()) {
      String file = read("db/changelog/" + include.group(1));
      declared += (int) file.lines().filter(line -> line.strip().equals("- changeSet:")).count();
    }
    assertTrue(declared > 0);
    assertEquals(declared, Migrations.changeSetIds().size());
  }

  @Test
  void startupSkipsLiquibaseOnlyWhenEveryChangesetIsApplied() throws Exception {
    try (var database = TestDatabases.create();
        var pool = database.newPool(PostgresDataSources.PoolSettings.of(2))) {
      // TestDatabases hands out migrated databases.
      assertTrue(Migrations.upToDate(pool));
      try (var connection = pool.getConnection();
          var statement = connection.createStatement()) {
        statement.execute(
            "DELETE FROM databasechangelog WHERE id = (SELECT max(id) FROM databasechangelog)");
      }
      assertFalse(Migrations.upToDate(pool), "a missing changeset sends startup to Liquibase");
      try (var connection = pool.getConnection();
          var statement = connection.createStatement()) {
        statement.execute("DROP TABLE databasechangelog");
      }
      assertFalse(Migrations.upToDate(pool), "no changelog table: Liquibase decides");
    }
  }

  private static String read(String path) throws IOException {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
