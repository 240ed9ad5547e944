package io.aiopslab.executor.rest.http;

import io.aiopslab.executor.rest.HttpMetrics;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Times each request and reports it under its route template (Jersey's matched templates joined),
 * so {@code /api/v1/tasks/3f…} counts as {@code /api/v1/tasks/{task_id}}.
 */
@PreMatching
@Priority(1)
public final class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String UNMATCHED = "unmatched";
  private static final String START = HttpMetricsFilter.class.getName() + ".start";
  private final HttpMetrics metrics;

  public HttpMetricsFilter(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(START, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object start = request.getProperty(START);
    long nanos = start instanceof Long s ? System.nanoTime() - s : 0L;
    metrics.record(
        request.getMethod(), template(request), response.getStatus(), Math.max(0, nanos));
  }

  static String template(ContainerRequestContext request) {
    if (!(request.getUriInfo() instanceof ExtendedUriInfo info)
        || info.getMatchedResourceMethod() == null) {
      return UNMATCHED;
    }
    List<UriTemplate> templates = info.getMatchedTemplates(); // innermost first
    var path = new StringBuilder();
    for (int i = templates.size() - 1; i >= 0; i--) {
      String part = templates.get(i).getTemplate();
      if (part.isEmpty() || part.equals("/")) {
        continue;
      }
      if (path.isEmpty() || path.charAt(path.length() - 1) != '/') {
        if (!part.startsWith("/")) {
          path.append('/');
        }
      } else if (part.startsWith("/")) {
        part = part.substring(1);
      }
      path.append(part);
    }
    return path.isEmpty() ? "/" : path.toString();
  }
}
