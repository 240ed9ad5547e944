package io.aiopslab.executor.rest.problems;

import io.aiopslab.executor.domain.spi.StorageUnavailable;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database did not answer: 503 with a generic detail (the exception may quote SQL), logged with
 * the problem's instance id.
 */
public final class StorageUnavailableMapper implements ExceptionMapper<StorageUnavailable> {
  private static final Logger LOG = LoggerFactory.getLogger(StorageUnavailableMapper.class);
  private final ProblemResponses problems;

  public StorageUnavailableMapper(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Response toResponse(StorageUnavailable exception) {
    Problem problem =
        Problem.of(
            503,
            "storage-unavailable",
            "Storage unavailable",
            "The database is unavailable; retry later");
    LOG.warn("storage unavailable, problem {}", problem.instance(), exception);
    return problems.builder(problem).header("Retry-After", "5").build();
  }
}
