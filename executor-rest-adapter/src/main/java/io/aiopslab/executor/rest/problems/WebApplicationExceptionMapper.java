package io.aiopslab.executor.rest.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Map;

/**
 * What Jersey itself refuses (unknown route, wrong method, wrong media type, not acceptable) as
 * problems, keeping headers such as {@code Allow}.
 */
public final class WebApplicationExceptionMapper
    implements ExceptionMapper<WebApplicationException> {
  private final ProblemResponses problems;

  public WebApplicationExceptionMapper(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    int status = original.getStatus();
    Problem problem =
        switch (status) {
          case 404 ->
              Problem.of(404, "route-not-found", "Not found", "No route matches this request path");
          case 405 ->
              Problem.of(
                  405,
                  "method-not-allowed",
                  "Method not allowed",
                  "Method not allowed here; allowed: " + String.join(", ", allowed(original)));
          case 415 ->
              Problem.of(
                  415,
                  "unsupported-media-type",
                  "Unsupported media type",
                  "Send the body as application/json");
          case 406 ->
              Problem.of(
                  406,
                  "not-acceptable",
                  "Not acceptable",
                  "This resource answers application/json only");
          default ->
              Problem.of(
                  status,
                  status >= 500 ? "internal-error" : "bad-request",
                  Response.Status.Family.familyOf(status) == Response.Status.Family.SERVER_ERROR
                      ? "Internal error"
                      : reason(status),
                  status >= 500 ? "The server could not handle the request" : reason(status));
        };
    Response.ResponseBuilder builder = problems.builder(problem);
    for (Map.Entry<String, List<Object>> header : original.getHeaders().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("Content-Type")) {
        header.getValue().forEach(value -> builder.header(header.getKey(), value));
      }
    }
    return builder.build();
  }

  private static List<String> allowed(Response response) {
    return response.getAllowedMethods().stream().sorted().toList();
  }

  private static String reason(int status) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    return type == null ? "Request refused" : type.getReasonPhrase();
  }
}
