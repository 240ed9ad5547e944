package io.aiopslab.executor.postgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A fixed plain-SQL statement that runs once or more per task (submit, claim, finish, renew),
 * prepared and bound on the JDBC connection jOOQ holds, inside jOOQ's transaction when there is one
 * (ADR 0008). jOOQ's plain-SQL path parses the template, renders and binds it on every call; on
 * these statements that was about half of the JVM's CPU per statement (profiled: W3 submit 1.5 ms
 * of CPU per call, of which render/bind/record plumbing 0.65 ms). Rows that are tasks are read by
 * the tasks table's one mapper, {@link TaskRows#toTask(java.sql.ResultSet)}.
 *
 * <p>SQL errors leave as jOOQ's {@link DataAccessException} with the {@link SQLException} as cause,
 * exactly as from jOOQ's own execution, so {@link Sql#translate} maps them the same way.
 */
final class HotStatement {

  /** Binds the parameters in order; each method takes the next position. */
  interface Binder {
    void bind(Parameters p) throws SQLException;
  }

  /** Reads the result set of the statement. */
  interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private final String sql;

  HotStatement(String sql) {
    this.sql = sql;
  }

  <T> T query(DSLContext dsl, Binder binder, Reader<T> reader) {
    return run(
        dsl,
        binder,
        statement -> {
          try (ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
          }
        });
  }

  /**
   * Runs a text of several statements bound as one (pgjdbc sends them in one round trip; without an
   * open transaction PostgreSQL runs them in one implicit transaction) and hands the rows of each,
   * in order, to the reader at the same position.
   */
  void queryEach(DSLContext dsl, Binder binder, Reader<?>... readers) {
    run(
        dsl,
        binder,
        statement -> {
          boolean rows = statement.execute();
          for (Reader<?> reader : readers) {
            while (!rows && statement.getUpdateCount() != -1) {
              rows = statement.getMoreResults();
            }
            if (!rows) {
              throw new SQLException("expected " + readers.length + " result sets");
            }
            try (ResultSet result = statement.getResultSet()) {
              reader.read(result);
            }
            rows = statement.getMoreResults();
          }
          return null;
        });
  }

  /** What runs a bound statement. */
  private interface Execution<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /** Prepares and binds on the connection jOOQ holds; SQL errors leave as jOOQ's. */
  private <T> T run(DSLContext dsl, Binder binder, Execution<T> execution) {
    return dsl.connectionResult(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Parameters(connection, statement));
            return execution.run(statement);
          } catch (SQLException e) {
            throw new DataAccessException("SQL [" + firstLine() + "...]; " + e.getMessage(), e);
          }
        });
  }

  private String firstLine() {
    String trimmed = sql.strip();
    int end = trimmed.indexOf('\n');
    return end < 0 ? trimmed : trimmed.substring(0, end);
  }

  /** The SQL text, for {@link QueryPlans} to explain. */
  String sql() {
    return sql;
  }

  /** The statement's parameters, bound left to right. */
  static final class Parameters {
    private final Connection connection;
    private final PreparedStatement statement;
    private int next = 1;

    private Parameters(Connection connection, PreparedStatement statement) {
      this.connection = connection;
      this.statement = statement;
    }

    Parameters uuids(UUID[] values) throws SQLException {
      return array("uuid", values);
    }

    Parameters texts(String[] values) throws SQLException {
      return array("text", values);
    }

    Parameters ints(Integer[] values) throws SQLException {
      return array("int4", values);
    }

    Parameters numerics(BigDecimal[] values) throws SQLException {
      return array("numeric", values);
    }

    Parameters text(String value) throws SQLException {
      if (value == null) {
        statement.setNull(next++, Types.VARCHAR);
      } else {
        statement.setString(next++, value);
      }
      return this;
    }

    Parameters uuid(UUID value) throws SQLException {
      statement.setObject(next++, value);
      return this;
    }

    Parameters numeric(BigDecimal value) throws SQLException {
      statement.setBigDecimal(next++, value);
      return this;
    }

    Parameters integer(int value) throws SQLException {
      statement.setInt(next++, value);
      return this;
    }

    Parameters bigint(long value) throws SQLException {
      statement.setLong(next++, value);
      return this;
    }

    private Parameters array(String type, Object[] values) throws SQLException {
      statement.setArray(next++, connection.createArrayOf(type, values));
      return this;
    }
  }
}
