package io.aiopslab.executor.postgres;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Runs jOOQ work and keeps SQL errors inside the adapter: integrity violations reach the caller as
 * {@link IntegrityViolation} (to become the matching domain error), everything else — the database
 * is down, restarting, out of connections — becomes {@link StorageUnavailable} without SQL text.
 */
final class Sql {

  private final DSLContext dsl;

  Sql(DSLContext dsl) {
    this.dsl = dsl;
  }

  DSLContext dsl() {
    return dsl;
  }

  /** One statement (or several, each autocommitted). */
  <T> T call(Function<DSLContext, T> work) {
    try {
      return work.apply(dsl);
    } catch (DataAccessException e) {
      throw translate(e);
    }
  }

  /**
   * Several statements in one transaction, begun and ended on the JDBC connection itself. jOOQ's
   * transaction API (3.21) asks the connection for its isolation level on every begin, which pgjdbc
   * answers with a round trip to the server (jOOQ issue #20135): 13 % of a two-statement
   * transaction's wall time in a profile.
   */
  <T> T transaction(Function<DSLContext, T> work) {
    try {
      return dsl.connectionResult(
          connection -> {
            connection.setAutoCommit(false);
            T result;
            try {
              result =
                  work.apply(
                      dsl.configuration().derive(new DefaultConnectionProvider(connection)).dsl());
              connection.commit();
            } catch (RuntimeException | SQLException e) {
              endQuietly(connection, e);
              throw e;
            }
            connection.setAutoCommit(true); // the pool hands it out again as it came
            return result;
          });
    } catch (DataAccessException e) {
      throw translate(e);
    }
  }

  /**
   * Rolls back and restores autocommit after a failure; a connection that cannot (it is gone) must
   * not hide why the work failed.
   */
  private static void endQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static RuntimeException translate(DataAccessException e) {
    String state = e.sqlState();
    if (e instanceof IntegrityConstraintViolationException || state.startsWith("23")) {
      return new IntegrityViolation(state, constraintOf(e), e);
    }
    if (state.startsWith("42")) {
      // A statement the server cannot run is a defect of this adapter, not an outage.
      return new IllegalStateException("SQL statement rejected (SQLSTATE " + state + ")", e);
    }
    return new StorageUnavailable("The database is unavailable (SQLSTATE " + state + ")", e);
  }

  private static String constraintOf(DataAccessException e) {
    SQLException sql = e.getCause(SQLException.class);
    if (sql instanceof org.postgresql.util.PSQLException psql
        && psql.getServerErrorMessage() != null) {
      String name = psql.getServerErrorMessage().getConstraint();
      return name == null ? "" : name;
    }
    return "";
  }

  /** A constraint said no; callers turn it into the domain error it means. */
  static final class IntegrityViolation extends RuntimeException {
    private final String sqlState;
    private final String constraint;

    IntegrityViolation(String sqlState, String constraint, Throwable cause) {
      super("constraint " + constraint + " violated (SQLSTATE " + sqlState + ")", cause);
      this.sqlState = sqlState;
      this.constraint = constraint;
    }

    String constraint() {
      return constraint;
    }

    boolean isUniqueViolation() {
      return "23505".equals(sqlState);
    }

    boolean isForeignKeyViolation() {
      return "23503".equals(sqlState);
    }
  }
}
