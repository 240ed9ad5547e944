package io.aiopslab.executor.rest.workers;

import io.aiopslab.executor.ports.workers.ControlWorkers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code /api/v1/workers/internal/*}: this node's pool. The class shares its root path with {@link
 * WorkerResource} (Jersey merges the two), so a request is matched against both classes' methods:
 * the literal {@code internal/status} outranks {@code {worker_id}/stats}, and a worker whose id is
 * {@code internal} still reaches {@code /api/v1/workers/internal/claim}.
 */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
public final class InternalWorkerResource {

  private final ControlWorkers control;

  public InternalWorkerResource(ControlWorkers control) {
    this.control = control;
  }

  @GET
  @Path("internal/status")
  public Map<String, Object> status() {
    return WorkerMapper.poolStatus(control.status());
  }

  @POST
  @Path("internal/scale")
  public Map<String, Object> scale(@QueryParam("num_workers") String numWorkers) {
    return WorkerMapper.scaled(control.scale(numWorkers));
  }

  @POST
  @Path("internal/stop")
  public Map<String, Object> stop() {
    return WorkerMapper.stopped(control.stop());
  }

  @POST
  @Path("internal/start")
  public Map<String, Object> start() {
    return WorkerMapper.started(control.start());
  }
}
