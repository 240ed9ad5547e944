package io.aiopslab.executor.rest.problems;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other mapper claims is a defect: 500 with a generic detail; the exception is logged
 * with the problem's instance id so the client's report can be matched with the log.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);
  private final ProblemResponses problems;

  public UnexpectedExceptionMapper(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Response toResponse(Throwable exception) {
    Problem problem =
        Problem.of(
            500,
            "internal-error",
            "Internal error",
            "The server failed to handle the request; quote the instance id when reporting it");
    LOG.error("unexpected error, problem {}", problem.instance(), exception);
    return problems.response(problem);
  }
}
