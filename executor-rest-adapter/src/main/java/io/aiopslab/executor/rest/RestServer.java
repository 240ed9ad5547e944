package io.aiopslab.executor.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A Grizzly HTTP server running the API; port 0 picks a free port (tests, benchmarks). */
public final class RestServer implements AutoCloseable {

  private final HttpServer server;
  private final Duration grace;

  private RestServer(HttpServer server, Duration grace) {
    this.server = server;
    this.grace = grace;
  }

  public static RestServer start(String host, int port, ResourceConfig config) {
    return start(host, port, config, Duration.ofSeconds(10));
  }

  /**
   * @param grace how long {@link #close()} lets in-flight requests finish
   */
  public static RestServer start(String host, int port, ResourceConfig config, Duration grace) {
    URI base = URI.create("http://" + host + ":" + port + "/");
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, config, false);
    for (NetworkListener listener : server.getListeners()) {
      // Grizzly closes a keep-alive connection after 256 requests by default; busy workers and
      // clients would reconnect for nothing. Idle connections still time out.
      listener.getKeepAlive().setMaxRequestsCount(-1);
    }
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on " + host + ":" + port, e);
    }
    return new RestServer(server, grace);
  }

  /** The port actually bound. */
  public int port() {
    return server.getListeners().iterator().next().getPort();
  }

  public URI baseUri() {
    NetworkListener listener = server.getListeners().iterator().next();
    return URI.create("http://" + listener.getHost() + ":" + listener.getPort() + "/");
  }

  /** Stops accepting connections, lets in-flight requests finish up to the grace, then stops. */
  @Override
  public void close() {
    try {
      server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } catch (ExecutionException e) {
      server.shutdownNow();
    }
  }
}
