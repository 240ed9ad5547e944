package io.aiopslab.executor.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresDataSourcesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://app:s3cret@db.example:6543/tasks",
        "postgresql+asyncpg://app:s3cret@db.example:6543/tasks",
        "postgres://app:s3cret@db.example:6543/tasks"
      })
  void everyOriginalFormBecomesTheSameJdbcTarget(String url) {
    var target = PostgresDataSources.parse(url);
    assertEquals("jdbc:postgresql://db.example:6543/tasks", target.jdbcUrl());
    assertEquals("app", target.user());
    assertEquals("s3cret", target.password());
  }

  @Test
  void credentialsAreUrlDecodedAndQueryParametersKept() {
    var target =
        PostgresDataSources.parse("postgresql://us%40er:p%3Aa%2Fss+word@host/db?sslmode=require");
    assertEquals("us@er", target.user());
    assertEquals("p:a/ss+word", target.password());
    assertEquals("jdbc:postgresql://host/db?sslmode=require", target.jdbcUrl());
  }

  @Test
  void aJdbcUrlIsKeptAsItIs() {
    var target =
        PostgresDataSources.parse("jdbc:postgresql://localhost:5432/test?user=postgres&ssl=false");
    assertEquals("jdbc:postgresql://localhost:5432/test?user=postgres&ssl=false", target.jdbcUrl());
    assertNull(target.user());
  }

  @Test
  void withoutCredentialsThereAreNone() {
    var target = PostgresDataSources.parse("postgresql://127.0.0.1:5432/test");
    assertNull(target.user());
    assertNull(target.password());
  }

  @Test
  void anotherDatabaseOnTheSameServer() {
    var target = PostgresDataSources.parse("postgresql://u:p@h:1/a?x=1").withDatabase("b");
    assertEquals("jdbc:postgresql://h:1/b?x=1", target.jdbcUrl());
    assertEquals("p", target.password());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "mysql://u:p@h/db",
        "postgresql://",
        "postgresql://u:p@/db",
        "h:5432/db",
        "postgresql://u:%zz@h/db"
      })
  void aBadUrlNamesDatabaseUrlButNeverThePassword(String url) {
    var e = assertThrows(IllegalArgumentException.class, () -> PostgresDataSources.parse(url));
    assertTrue(e.getMessage().contains("DATABASE_URL"), e.getMessage());
    assertFalse(e.getMessage().contains("%zz"));
  }

  @Test
  void theTargetNeverPrintsItsPassword() {
    var target = PostgresDataSources.parse("postgresql://u:topsecret@h/db");
    assertFalse(target.toString().contains("topsecret"));
  }
}
