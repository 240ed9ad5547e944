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
 * {@code /api/v1/workers/internal/*}: this node's pool. The literal path outranks {@code
 * /api/v1/workers/{worker_id}} in JAX-RS matching, so these are never taken for a worker id.
 */
@Path("/api/v1/workers/internal")
@Produces(MediaType.APPLICATION_JSON)
public final class InternalWorkerResource {

  private final ControlWorkers control;

  public InternalWorkerResource(ControlWorkers control) {
    this.control = control;
  }

  @GET
  @Path("status")
  public Map<String, Object> status() {
    return WorkerMapper.poolStatus(control.status());
  }

  @POST
  @Path("scale")
  public Map<String, Object> scale(@QueryParam("num_workers") String numWorkers) {
    return WorkerMapper.scaled(control.scale(numWorkers));
  }

  @POST
  @Path("stop")
  public Map<String, Object> stop() {
    return WorkerMapper.stopped(control.stop());
  }

  @POST
  @Path("start")
  public Map<String, Object> start() {
    return WorkerMapper.started(control.start());
  }
}
