package io.aiopslab.executor.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiopslab.executor.rest.conversations.ConversationResource;
import io.aiopslab.executor.rest.http.BodyLimitFilter;
import io.aiopslab.executor.rest.http.HttpMetricsFilter;
import io.aiopslab.executor.rest.http.RequestIdFilter;
import io.aiopslab.executor.rest.json.JsonBodies;
import io.aiopslab.executor.rest.json.JsonTreeWriter;
import io.aiopslab.executor.rest.json.ObjectMapperResolver;
import io.aiopslab.executor.rest.json.ObjectMappers;
import io.aiopslab.executor.rest.operations.OpenApiResource;
import io.aiopslab.executor.rest.operations.OperationsResource;
import io.aiopslab.executor.rest.problems.DomainExceptionMapper;
import io.aiopslab.executor.rest.problems.ProblemResponses;
import io.aiopslab.executor.rest.problems.RequestBodyMappers;
import io.aiopslab.executor.rest.problems.StorageUnavailableMapper;
import io.aiopslab.executor.rest.problems.UnexpectedExceptionMapper;
import io.aiopslab.executor.rest.problems.WebApplicationExceptionMapper;
import io.aiopslab.executor.rest.tasks.TaskResource;
import io.aiopslab.executor.rest.workers.InternalWorkerResource;
import io.aiopslab.executor.rest.workers.WorkerResource;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The HTTP API of API.md as a Jersey application, wired by hand from the driving ports. */
public final class RestApi {
  /**
   * Jersey warns that each resource registered as an instance "does not implement any provider
   * interfaces" and "will be ignored" as a provider; it is served as a resource all the same (the
   * tests prove it). Held strongly so the level sticks.
   */
  private static final java.util.logging.Logger PROVIDER_CHECK =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

  private RestApi() {}

  public static ResourceConfig resourceConfig(RestDependencies deps) {
    PROVIDER_CHECK.setLevel(java.util.logging.Level.SEVERE);
    ObjectMapper mapper = ObjectMappers.create();
    ProblemResponses problems = new ProblemResponses(mapper);
    JsonBodies bodies = new JsonBodies(mapper, deps.maxBodyBytes());

    var config = new ResourceConfig();
    config.setApplicationName("task-executor");
    config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    config.property(ServerProperties.BV_FEATURE_DISABLE, true);
    config.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
    // Errors are problem bodies written by our mappers; never a container error page.
    config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    config.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, false);

    config.register(JacksonFeature.withoutExceptionMappers());
    config.register(new ObjectMapperResolver(mapper));
    config.register(new JsonTreeWriter(mapper));

    config.register(new RequestIdFilter());
    config.register(new HttpMetricsFilter(deps.httpMetrics()));
    config.register(new BodyLimitFilter(deps.maxBodyBytes()));

    config.register(new DomainExceptionMapper(problems));
    config.register(new StorageUnavailableMapper(problems));
    config.register(new RequestBodyMappers.Malformed(problems));
    config.register(new RequestBodyMappers.TooLarge(problems));
    config.register(new WebApplicationExceptionMapper(problems));
    config.register(new UnexpectedExceptionMapper(problems));

    config.register(
        new TaskResource(deps.submitTasks(), deps.queryTasks(), deps.cancelTask(), bodies));
    config.register(new WorkerResource(deps.workerProtocol(), deps.queryWorkers(), bodies));
    config.register(new InternalWorkerResource(deps.controlWorkers()));
    config.register(new ConversationResource(deps.queryConversations()));
    config.register(
        new OperationsResource(
            deps.checkHealth(), deps.queryTasks(), deps.metricsText(), problems, deps.version()));
    config.register(new OpenApiResource(mapper, deps.version()));
    return config;
  }
}
