package io.aiopslab.executor.rest.operations;

import io.aiopslab.executor.ports.health.CheckHealth;
import io.aiopslab.executor.ports.tasks.QueryTasks;
import io.aiopslab.executor.rest.problems.Problem;
import io.aiopslab.executor.rest.problems.ProblemResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /}, {@code /health}, {@code /ready}, {@code /queue/stats}, {@code /metrics}. */
@Path("/")
public final class OperationsResource {

  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final CheckHealth health;
  private final QueryTasks tasks;
  private final Supplier<String> metricsText;
  private final ProblemResponses problems;
  private final String version;

  public OperationsResource(
      CheckHealth health,
      QueryTasks tasks,
      Supplier<String> metricsText,
      ProblemResponses problems,
      String version) {
    this.health = health;
    this.tasks = tasks;
    this.metricsText = metricsText;
    this.problems = problems;
    this.version = version;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> root() {
    return OperationsMapper.root(version);
  }

  /** 200 when healthy or degraded, 503 when unhealthy; the body has the same shape always. */
  @GET
  @Path("health")
  @Produces(MediaType.APPLICATION_JSON)
  public Response health() {
    CheckHealth.HealthReport report = health.health();
    int status = report.status() == CheckHealth.Status.UNHEALTHY ? 503 : 200;
    return Response.status(status).entity(OperationsMapper.health(report)).build();
  }

  @GET
  @Path("ready")
  @Produces(MediaType.APPLICATION_JSON)
  public Response ready() {
    if (health.ready()) {
      return Response.ok(Map.of("status", "ready")).build();
    }
    return problems.response(
        Problem.of(
            503,
            "not-ready",
            "Not ready",
            "The node is starting, stopping or cannot reach its database"));
  }

  @GET
  @Path("queue/stats")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> queueStatistics() {
    return OperationsMapper.queueStatistics(tasks.statistics());
  }

  @GET
  @Path("metrics")
  @Produces(PROMETHEUS_TEXT)
  public String metrics() {
    return metricsText.get();
  }
}
