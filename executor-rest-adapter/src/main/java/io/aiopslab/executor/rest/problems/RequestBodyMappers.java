package io.aiopslab.executor.rest.problems;

import io.aiopslab.executor.rest.json.BodyTooLarge;
import io.aiopslab.executor.rest.json.MalformedBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Bodies that could not be read as one JSON document (400) or were too large (413). */
public final class RequestBodyMappers {
  private RequestBodyMappers() {}

  public static final class Malformed implements ExceptionMapper<MalformedBody> {
    private final ProblemResponses problems;

    public Malformed(ProblemResponses problems) {
      this.problems = problems;
    }

    @Override
    public Response toResponse(MalformedBody exception) {
      return problems.response(
          Problem.of(400, "malformed-json", "Malformed JSON", exception.getMessage()));
    }
  }

  public static final class TooLarge implements ExceptionMapper<BodyTooLarge> {
    private final ProblemResponses problems;

    public TooLarge(ProblemResponses problems) {
      this.problems = problems;
    }

    @Override
    public Response toResponse(BodyTooLarge exception) {
      // The unread rest of the body would be parsed as the next request: close the connection.
      return problems
          .builder(
              Problem.of(
                  413, "payload-too-large", "Request body too large", exception.getMessage()))
          .header("Connection", "close")
          .build();
    }
  }
}
