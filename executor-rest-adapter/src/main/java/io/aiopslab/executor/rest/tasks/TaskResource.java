package io.aiopslab.executor.rest.tasks;

import io.aiopslab.executor.domain.task.Task;
import io.aiopslab.executor.ports.tasks.CancelTask;
import io.aiopslab.executor.ports.tasks.QueryTasks;
import io.aiopslab.executor.ports.tasks.SubmitTasks;
import io.aiopslab.executor.rest.json.JsonBodies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/v1/tasks}: submit, list, read, cancel, logs, statistics. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class TaskResource {

  private final SubmitTasks submit;
  private final QueryTasks query;
  private final CancelTask cancel;
  private final JsonBodies bodies;

  public TaskResource(SubmitTasks submit, QueryTasks query, CancelTask cancel, JsonBodies bodies) {
    this.submit = submit;
    this.query = query;
    this.cancel = cancel;
    this.bodies = bodies;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      InputStream body,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @Context UriInfo uri) {
    SubmitTasks.Submission submission =
        submit.submit(new SubmitTasks.SubmitTask(bodies.read(body), idempotencyKey));
    Task task = submission.task();
    Response.ResponseBuilder response =
        submission.created()
            ? Response.created(locationOf(uri, task))
            : Response.ok().location(locationOf(uri, task));
    return response.entity(TaskMapper.task(task)).build();
  }

  @POST
  @Path("batch")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createBatch(InputStream body) {
    var tasks = submit.submitBatch(new SubmitTasks.SubmitTaskBatch(bodies.read(body)));
    return Response.status(Response.Status.CREATED).entity(TaskMapper.tasks(tasks)).build();
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("status") String status,
      @QueryParam("problem_id") String problemId,
      @QueryParam("worker_id") String workerId,
      @QueryParam("backend_type") String backendType,
      @QueryParam("sort") String sort,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize) {
    return TaskMapper.page(
        query.list(
            new QueryTasks.ListTasks(
                status, problemId, workerId, backendType, sort, page, pageSize)));
  }

  @GET
  @Path("stats")
  public Map<String, Object> statistics() {
    return TaskMapper.statistics(query.statistics());
  }

  @GET
  @Path("{task_id}")
  public Map<String, Object> get(@PathParam("task_id") String taskId) {
    return TaskMapper.task(query.get(taskId));
  }

  @POST
  @Path("{task_id}/cancel")
  public Map<String, Object> cancel(@PathParam("task_id") String taskId) {
    return TaskMapper.task(cancel.cancel(taskId));
  }

  @PUT
  @Path("{task_id}/cancel")
  public Map<String, Object> cancelByPut(@PathParam("task_id") String taskId) {
    return cancel(taskId);
  }

  @GET
  @Path("{task_id}/logs")
  public Map<String, Object> logs(
      @PathParam("task_id") String taskId,
      @QueryParam("level") String level,
      @QueryParam("limit") String limit) {
    return TaskMapper.logs(query.logs(new QueryTasks.ReadTaskLogs(taskId, level, limit)));
  }

  /**
   * The new task's address. Jersey's base URI always ends with '/', and a task id is a UUID (no
   * character to escape), so plain concatenation is exact; the URI builder's template expansion was
   * a twentieth of the server's CPU per single submit.
   */
  private static java.net.URI locationOf(UriInfo uri, Task task) {
    return java.net.URI.create(uri.getBaseUri() + "api/v1/tasks/" + task.id());
  }
}
