package io.aiopslab.executor.rest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  private final JsonBodies bodies = new JsonBodies(ObjectMappers.create(), 1024);

  private static InputStream in(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsPlainJsonTreesInOrderWithTheNumberTypesThePortsAccept() {
    Object tree =
        bodies.read(
            in(
                "{\"b\": 1, \"a\": [true, null, \"x\"], \"big\": 123456789012345678901234567890,"
                    + " \"long\": 9999999999, \"float\": 0.05}"));
    Map<?, ?> map = assertInstanceOf(Map.class, tree);
    assertEquals(List.of("b", "a", "big", "long", "float"), List.copyOf(map.keySet()));
    assertEquals(1, map.get("b"));
    assertEquals(java.util.Arrays.asList(true, null, "x"), map.get("a"));
    assertEquals(new BigInteger("123456789012345678901234567890"), map.get("big"));
    assertEquals(9_999_999_999L, map.get("long"));
    assertEquals(0.05, map.get("float"));
  }

  @Test
  void emptyBodiesAreMalformedUnlessOptional() {
    assertThrows(MalformedBody.class, () -> bodies.read(in("")));
    assertThrows(MalformedBody.class, () -> bodies.read(in(" \r\n\t")));
    assertNull(bodies.readOptional(in("  ")));
    assertEquals(Map.of("error", "x"), bodies.readOptional(in("{\"error\": \"x\"}")));
  }

  @Test
  void trailingGarbageDuplicateKeysAndInvalidTokensAreMalformed() {
    assertThrows(MalformedBody.class, () -> bodies.read(in("{} x")));
    assertThrows(MalformedBody.class, () -> bodies.read(in("1 2")));
    assertThrows(MalformedBody.class, () -> bodies.read(in("{\"a\": 1, \"a\": 2}")));
    assertThrows(MalformedBody.class, () -> bodies.read(in("{a: 1}")));
    assertThrows(MalformedBody.class, () -> bodies.read(in("[1,]")));
    assertThrows(MalformedBody.class, () -> bodies.read(in("\"\\x\"")));
  }

  @Test
  void nestingIsBoundedAtTheConfiguredDepth() {
    var deep = new JsonBodies(ObjectMappers.create(), 1 << 20);
    int max = ObjectMappers.MAX_NESTING_DEPTH;
    deep.read(in("[".repeat(max) + "]".repeat(max)));
    assertThrows(
        MalformedBody.class, () -> deep.read(in("[".repeat(max + 1) + "]".repeat(max + 1))));
  }

  @Test
  void bodiesOverTheLimitAreRefusedAtTheLimit() {
    String exactly = "\"" + "a".repeat(1022) + "\"";
    assertEquals(1024, exactly.length());
    assertEquals("a".repeat(1022), bodies.read(in(exactly)));
    assertThrows(BodyTooLarge.class, () -> bodies.read(in(exactly + " ")));
  }
}
