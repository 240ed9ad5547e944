package io.aiopslab.executor.rest.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the response trees the mappers build (ordered maps and lists of strings, numbers, booleans
 * and nulls) straight onto a generator of the one {@link ObjectMappers} configuration. The output
 * is what Jackson's map serializer writes for the same tree (a test holds them equal), without its
 * per-value serializer lookups: they were a quarter of the CPU of answering {@code POST
 * /api/v1/tasks/batch} with its 1,000 tasks. A value of another type is left to the mapper.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public final class JsonTreeWriter implements MessageBodyWriter<Map<?, ?>> {
  private final ObjectMapper mapper;

  public JsonTreeWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return Map.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(
      Map<?, ?> tree,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream entityStream)
      throws IOException {
    try (JsonGenerator out = mapper.createGenerator(entityStream)) {
      write(out, tree);
    }
  }

  /** {@code tree} as JSON on {@code out}, exactly as {@code mapper.writeValue} would write it. */
  private void write(JsonGenerator out, Object value) throws IOException {
    switch (value) {
      case null -> out.writeNull();
      case String s -> out.writeString(s);
      case Integer i -> out.writeNumber(i.intValue());
      case Long l -> out.writeNumber(l.longValue());
      case Boolean b -> out.writeBoolean(b);
      case Double d -> out.writeNumber(d.doubleValue());
      case BigDecimal d -> out.writeNumber(d);
      case BigInteger i -> out.writeNumber(i);
      case Map<?, ?> map -> {
        out.writeStartObject();
        for (var entry : map.entrySet()) {
          out.writeFieldName(String.valueOf(entry.getKey()));
          write(out, entry.getValue());
        }
        out.writeEndObject();
      }
      case Collection<?> list -> {
        out.writeStartArray();
        for (Object item : list) {
          write(out, item);
        }
        out.writeEndArray();
      }
      default -> mapper.writeValue(out, value); // rare types keep Jackson's own rules
    }
  }
}
