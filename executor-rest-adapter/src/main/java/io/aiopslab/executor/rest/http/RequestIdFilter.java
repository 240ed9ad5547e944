package io.aiopslab.executor.rest.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    String id = sent != null && SANE.matcher(sent).matches() ? sent : newId();
    request.setProperty(PROPERTY, id);
    MDC.put(MDC_KEY, id);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(PROPERTY);
    if (id == null) {
      id = newId(); // refused before the request filter ran
    }
    response.getHeaders().putSingle(HEADER, id);
    MDC.remove(MDC_KEY);
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs to be unique, not
   * unguessable, and {@link UUID#randomUUID()}'s shared SecureRandom is a point of contention.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }
}
