package io.aiopslab.executor.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.aiopslab.executor.domain.task.SubmissionDefaults;
import io.aiopslab.executor.domain.task.TaskSubmissionRules;
import io.aiopslab.executor.ports.conversations.ConversationQueryService;
import io.aiopslab.executor.ports.fakes.InMemoryStore;
import io.aiopslab.executor.ports.health.HealthService;
import io.aiopslab.executor.ports.tasks.TaskEvents;
import io.aiopslab.executor.ports.tasks.TaskService;
import io.aiopslab.executor.ports.workers.LiveWorkers;
import io.aiopslab.executor.ports.workers.WorkerProtocolService;
import io.aiopslab.executor.ports.workers.WorkerQueryService;
import io.aiopslab.executor.rest.operations.OpenApiResource;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document lists exactly the routes and methods the application has. */
class OpenApiCoverageTest {

  @Test
  void documentListsEveryRouteAndMethodAndNothingElse() {
    Set<String> routes = new TreeSet<>();
    for (Object instance : application().getInstances()) {
      if (instance.getClass().isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        collect(Resource.from(instance.getClass()), "", routes);
      }
    }
    Set<String> documented = new TreeSet<>();
    JsonNode paths =
        ApiFixture.parse(ApiFixture.readResource(OpenApiResource.DOCUMENT)).get("paths");
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    // The introspection itself sees the routes (else the comparison below proves nothing).
    org.junit.jupiter.api.Assertions.assertTrue(
        routes.containsAll(
            Set.of(
                "PUT /api/v1/tasks/{task_id}/cancel",
                "GET /api/v1/workers/internal/status",
                "POST /api/v1/workers/{worker_id}/tasks/{task_id}/logs",
                "GET /")),
        routes::toString);
    assertEquals(routes, documented);
  }

  private static void collect(Resource resource, String prefix, Set<String> routes) {
    String path = join(prefix, resource.getPath());
    for (ResourceMethod method : resource.getResourceMethods()) {
      routes.add(method.getHttpMethod() + " " + path);
    }
    for (Resource child : resource.getChildResources()) {
      collect(child, path, routes);
    }
  }

  private static String join(String prefix, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return prefix.isEmpty() ? "/" : prefix;
    }
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return base + (path.startsWith("/") ? path : "/" + path);
  }

  private static ResourceConfig application() {
    var store = new InMemoryStore();
    var events = new TaskEvents((message, e) -> {});
    var tasks =
        new TaskService(
            store.queue(),
            store.logs(),
            new TaskSubmissionRules(SubmissionDefaults.ORIGINAL),
            events);
    return RestApi.resourceConfig(
        new RestDependencies(
            tasks,
            tasks,
            tasks,
            new WorkerProtocolService(
                store.queue(),
                store.workers(),
                store.logs(),
                events,
                store.clock(),
                Duration.ofSeconds(60)),
            new WorkerQueryService(store.workers(), store.queue(), LiveWorkers.NONE, store.clock()),
            new FakeControlWorkers("n", true, 1),
            new ConversationQueryService(store.conversations(), store.queue()),
            new HealthService(
                () -> Duration.ZERO,
                store.queue(),
                store.workers(),
                () -> true,
                store.clock(),
                "v"),
            () -> "",
            HttpMetrics.NONE,
            "v",
            RestDependencies.DEFAULT_MAX_BODY_BYTES));
  }
}
