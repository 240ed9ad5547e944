package io.aiopslab.executor.rest.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

/**
 * Turns a {@link Problem} into a response. The body is serialised here, as a string, so writing an
 * error never depends on content negotiation with the client's {@code Accept} header.
 */
public final class ProblemResponses {
  private final ObjectMapper mapper;

  public ProblemResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public Response.ResponseBuilder builder(Problem problem) {
    String json;
    try {
      json = mapper.writeValueAsString(problem.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem body is a plain JSON tree", e);
    }
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json);
  }

  public Response response(Problem problem) {
    return builder(problem).build();
  }
}
