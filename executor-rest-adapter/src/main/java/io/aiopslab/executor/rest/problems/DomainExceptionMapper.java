package io.aiopslab.executor.rest.problems;

import io.aiopslab.executor.domain.DomainException;
import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.conversation.ConversationNotFound;
import io.aiopslab.executor.domain.task.IdempotencyConflict;
import io.aiopslab.executor.domain.task.IllegalTransition;
import io.aiopslab.executor.domain.task.TaskNotFound;
import io.aiopslab.executor.domain.worker.WorkerConflict;
import io.aiopslab.executor.domain.worker.WorkerNotFound;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The refusals of the domain: each subtype is one problem type. Their messages are written for
 * humans and carry no internals, so they are the {@code detail}.
 */
public final class DomainExceptionMapper implements ExceptionMapper<DomainException> {
  private final ProblemResponses problems;

  public DomainExceptionMapper(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Response toResponse(DomainException exception) {
    return problems.response(problemOf(exception));
  }

  static Problem problemOf(DomainException e) {
    String detail = e.getMessage();
    return switch (e) {
      case ValidationFailed v ->
          Problem.of(422, "validation-failed", "Validation failed", detail).withErrors(v.errors());
      case TaskNotFound ignored -> Problem.of(404, "task-not-found", "Task not found", detail);
      case WorkerNotFound ignored ->
          Problem.of(404, "worker-not-found", "Worker not found", detail);
      case ConversationNotFound ignored ->
          Problem.of(404, "conversation-not-found", "Conversation not found", detail);
      case IllegalTransition ignored ->
          Problem.of(409, "illegal-transition", "Illegal state transition", detail);
      case IdempotencyConflict ignored ->
          Problem.of(409, "idempotency-conflict", "Idempotency key reused", detail);
      case WorkerConflict ignored ->
          Problem.of(409, "worker-conflict", "Worker state conflict", detail);
      // A refusal added to the domain later: still the client's request that was refused.
      default -> Problem.of(409, "conflict", "Request refused", detail);
    };
  }
}
