package io.aiopslab.executor.rest;

/**
 * Where the adapter reports each request it answered (the app wires it to Micrometer's {@code
 * http_requests_total} and {@code http_request_duration_seconds}).
 */
@FunctionalInterface
public interface HttpMetrics {

  /**
   * @param endpoint the matched route template such as {@code /api/v1/tasks/{task_id}}, never a raw
   *     id; {@code unmatched} when no route matched
   */
  void record(String method, String endpoint, int status, long nanos);

  HttpMetrics NONE = (method, endpoint, status, nanos) -> {};
}
