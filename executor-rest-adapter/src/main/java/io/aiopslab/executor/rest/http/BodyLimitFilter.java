package io.aiopslab.executor.rest.http;

import io.aiopslab.executor.rest.json.BodyTooLarge;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses a body announced larger than the limit before anything reads it. Chunked bodies have no
 * length up front; {@link io.aiopslab.executor.rest.json.JsonBodies} stops reading them at the
 * limit.
 */
@PreMatching
@Priority(10)
public final class BodyLimitFilter implements ContainerRequestFilter {
  private final long maxBytes;

  public BodyLimitFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > maxBytes) {
      throw new BodyTooLarge(maxBytes);
    }
  }
}
