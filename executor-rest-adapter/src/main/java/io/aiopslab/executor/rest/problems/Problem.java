package io.aiopslab.executor.rest.problems;

import io.aiopslab.executor.domain.ValidationFailed.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An RFC 9457 problem: {@code type} is {@code urn:problem-type:<slug>}, {@code instance} a fresh
 * {@code urn:uuid:} that 5xx logs carry too, {@code errors} only for validation failures.
 */
public record Problem(
    String slug,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(slug, title, status, detail, newInstance(), null);
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(slug, title, status, detail, instance, List.copyOf(fieldErrors));
  }

  public String type() {
    return "urn:problem-type:" + slug;
  }

  /** The body as a JSON tree, members in the RFC's order. */
  public Map<String, Object> body() {
    var body = new LinkedHashMap<String, Object>();
    body.put("type", type());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", instance);
    if (errors != null) {
      body.put(
          "errors",
          errors.stream()
              .map(
                  e -> {
                    var error = new LinkedHashMap<String, Object>();
                    error.put("field", e.field());
                    error.put("message", e.message());
                    return error;
                  })
              .toList());
    }
    return body;
  }

  private static String newInstance() {
    return "urn:uuid:" + UUID.randomUUID();
  }
}
