package io.aiopslab.executor.rest.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code /openapi.json}: the hand-written OpenAPI 3 document shipped with this module (a test
 * checks it lists every route and method), with {@code info.version} set to the running version.
 */
@Path("/openapi.json")
public final class OpenApiResource {

  public static final String DOCUMENT = "/io/aiopslab/executor/rest/openapi.json";

  private final byte[] document;

  public OpenApiResource(ObjectMapper mapper, String version) {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
      }
      ObjectNode tree = (ObjectNode) mapper.readTree(in);
      ((ObjectNode) tree.get("info")).put("version", version);
      this.document = mapper.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] document() {
    return document.clone();
  }
}
