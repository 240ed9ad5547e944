package io.aiopslab.executor.rest.workers;

import io.aiopslab.executor.ports.workers.QueryWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocol;
import io.aiopslab.executor.rest.json.JsonBodies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/v1/workers}: the worker protocol and the registry reads. */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
public final class WorkerResource {

  private final WorkerProtocol protocol;
  private final QueryWorkers query;
  private final JsonBodies bodies;

  public WorkerResource(WorkerProtocol protocol, QueryWorkers query, JsonBodies bodies) {
    this.protocol = protocol;
    this.query = query;
    this.bodies = bodies;
  }

  @POST
  @Path("register")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(InputStream body) {
    WorkerProtocol.Registration registration = protocol.register(bodies.read(body));
    return Response.status(registration.created() ? 201 : 200)
        .entity(WorkerMapper.registration(registration, protocol.heartbeatTimeout()))
        .build();
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("status") String status, @QueryParam("backend_type") String backendType) {
    return WorkerMapper.list(query.list(status, backendType));
  }

  @GET
  @Path("{worker_id}")
  public Map<String, Object> get(@PathParam("worker_id") String workerId) {
    return WorkerMapper.worker(query.get(workerId));
  }

  @GET
  @Path("{worker_id}/stats")
  public Map<String, Object> stats(@PathParam("worker_id") String workerId) {
    return WorkerMapper.stats(query.stats(workerId));
  }

  @POST
  @Path("{worker_id}/heartbeat")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> heartbeat(@PathParam("worker_id") String workerId, InputStream body) {
    return WorkerMapper.heartbeat(protocol.heartbeat(workerId, bodies.read(body)));
  }

  /** Any body is ignored: a claim says nothing but who asks. */
  @POST
  @Path("{worker_id}/claim")
  public Response claim(@PathParam("worker_id") String workerId) {
    return protocol
        .claim(workerId)
        .map(task -> Response.ok(io.aiopslab.executor.rest.tasks.TaskMapper.task(task)).build())
        .orElseGet(() -> Response.noContent().build());
  }

  @POST
  @Path("{worker_id}/tasks/{task_id}/complete")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> complete(
      @PathParam("worker_id") String workerId,
      @PathParam("task_id") String taskId,
      InputStream body) {
    return io.aiopslab.executor.rest.tasks.TaskMapper.task(
        protocol.complete(workerId, taskId, bodies.read(body)));
  }

  /** An empty body is allowed: the task fails with "Task failed by worker". */
  @POST
  @Path("{worker_id}/tasks/{task_id}/fail")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> fail(
      @PathParam("worker_id") String workerId,
      @PathParam("task_id") String taskId,
      InputStream body) {
    return io.aiopslab.executor.rest.tasks.TaskMapper.task(
        protocol.fail(workerId, taskId, bodies.readOptional(body)));
  }

  @POST
  @Path("{worker_id}/tasks/{task_id}/logs")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response appendLogs(
      @PathParam("worker_id") String workerId,
      @PathParam("task_id") String taskId,
      InputStream body) {
    int accepted = protocol.appendLogs(workerId, taskId, bodies.read(body));
    return Response.accepted(WorkerMapper.logsAccepted(accepted)).build();
  }
}
