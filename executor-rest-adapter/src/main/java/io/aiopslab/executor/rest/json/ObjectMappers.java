package io.aiopslab.executor.rest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of the HTTP adapter. Responses are built as ordered maps by the
 * mappers (timestamps already ISO-8601 strings), so Jackson only writes plain JSON trees; requests
 * are read into trees by {@link JsonBodies} with the strict settings below.
 */
public final class ObjectMappers {

  /** Deeper request documents are refused (400) before they can exhaust the stack. */
  public static final int MAX_NESTING_DEPTH = 200;

  private ObjectMappers() {}

  public static ObjectMapper create() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            // Duplicate keys make a body ambiguous (which value wins differs between parsers and
            // would change idempotency fingerprints): refuse them.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        // 100 stays 100, never 1E+2 (a stripped BigDecimal), for clients that compare text.
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
  }
}
