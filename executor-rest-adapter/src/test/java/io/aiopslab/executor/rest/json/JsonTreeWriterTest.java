package io.aiopslab.executor.rest.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTreeWriterTest {
  private final ObjectMapper mapper = ObjectMappers.create();
  private final JsonTreeWriter writer = new JsonTreeWriter(mapper);

  @Test
  void writesEveryResponseTreeExactlyAsTheMapperDoes() throws Exception {
    var task = new LinkedHashMap<String, Object>();
    task.put("id", UUID.randomUUID().toString());
    task.put("quotes \"and\" \\ back\nslash\t\u0001 ü 😀 \u2028", "line\nbreak </script>");
    task.put("null", null);
    task.put("int", 42);
    task.put("negative long", -9_007_199_254_740_993L);
    task.put("double", 0.1 + 0.2);
    task.put("whole double", 30.0);
    task.put("nan", Double.NaN);
    task.put("infinite", Double.NEGATIVE_INFINITY);
    task.put("big decimal", new BigDecimal("1E+2"));
    task.put("fraction", new BigDecimal("0.000001"));
    task.put("big integer", new BigInteger("123456789012345678901234567890"));
    task.put("float", 1.5f);
    task.put("short", (short) 7);
    task.put("true", true);
    task.put("empty object", Map.of());
    task.put("empty list", List.of());
    task.put("sorted counts", new TreeMap<>(Map.of("b", 2L, "a", 1L)));
    task.put(
        "list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(3.5), Map.of("k", false))));
    task.put("set", Set.of("only"));
    task.put("uuid, left to the mapper", UUID.fromString("01a21fc9-2469-7596-8f40-e2c677173896"));
    var nested = new LinkedHashMap<String, Object>();
    nested.put("parameters", new LinkedHashMap<>(Map.of("agent_config", Map.of("model", "gpt-4"))));
    nested.put("tasks", List.of(task, task));

    var out = new ByteArrayOutputStream();
    writer.writeTo(nested, Map.class, Map.class, null, null, null, out);

    // Jersey's Jackson provider writes to the entity stream too: bytes, through the same
    // UTF-8 generator (which, for one, escapes surrogate pairs in field names).
    assertArrayEquals(mapper.writeValueAsBytes(nested), out.toByteArray());
  }
}
