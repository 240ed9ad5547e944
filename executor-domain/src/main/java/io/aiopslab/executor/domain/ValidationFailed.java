package io.aiopslab.executor.domain;

import java.util.List;

/** Input broke one or more rules; every broken rule names its field. (HTTP 422) */
public final class ValidationFailed extends DomainException {
  private final List<FieldError> errors;

  public ValidationFailed(List<FieldError> errors) {
    super(summary(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public static ValidationFailed of(String field, String message) {
    return new ValidationFailed(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "Validation failed";
    }
    var first = errors.getFirst();
    String head =
        first.field().isEmpty() ? first.message() : first.field() + ": " + first.message();
    return errors.size() == 1 ? head : head + " (and " + (errors.size() - 1) + " more)";
  }

  /** One broken rule: {@code field} is a path such as {@code tasks[3].parameters.max_steps}. */
  public record FieldError(String field, String message) {}
}
