package io.aiopslab.executor.rest.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Every response carries {@code X-Request-ID}: the client's when it is sane (short, no spaces or
 * control characters, so it cannot forge log lines), else a fresh UUID. It is in the SLF4J MDC as
 * {@code request_id} while the request is handled.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestIdFilter implements ContainerRequestFilter, ContainerResponseFilter {

  public static final String HEADER = "X-Request-ID";
  public static final String MDC_KEY = "request_id";
  private static final String PROPERTY = RequestIdFilter.class.getName();
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

  @Override
  public void filter(ContainerRequestContext request) {
    String sent = request.getHeaderString(HEADER);
    String id = sent != null && SANE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    request.setProperty(PROPERTY, id);
    MDC.put(MDC_KEY, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(PROPERTY);
    if (id == null) {
      id = UUID.randomUUID().toString(); // refused before the request filter ran
    }
    response.getHeaders().putSingle(HEADER, id);
    MDC.remove(MDC_KEY);
  }
}
