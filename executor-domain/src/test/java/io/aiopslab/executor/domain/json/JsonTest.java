package io.aiopslab.executor.domain.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void parsesEveryKindOfValueIntoPlainJavaTrees() {
    Object value =
        Json.parse(
            " {\"s\": \"text\", \"i\": 42, \"neg\": -7, \"d\": 1.5, \"e\": 2e3, \"t\": true,"
                + " \"f\": false, \"n\": null, \"a\": [1, \"two\", []], \"o\": {}} ");

    var map = assertInstanceOf(Map.class, value);
    assertEquals(
        List.of("s", "i", "neg", "d", "e", "t", "f", "n", "a", "o"), List.copyOf(map.keySet()));
    assertEquals("text", map.get("s"));
    assertEquals(42L, map.get("i"));
    assertEquals(-7L, map.get("neg"));
    assertEquals(1.5, map.get("d"));
    assertEquals(2000.0, map.get("e"));
    assertEquals(true, map.get("t"));
    assertEquals(false, map.get("f"));
    assertTrue(map.containsKey("n"));
    assertNull(map.get("n"));
    assertEquals(List.of(1L, "two", List.of()), map.get("a"));
    assertEquals(Map.of(), map.get("o"));
  }

  @Test
  void writeThenParseRoundTrips() {
    var tree = new LinkedHashMap<String, Object>();
    tree.put("quote\"back\\slash", "line\nbreak\ttab\r\b\f\u0001 ü 😀 \u2028");
    tree.put("numbers", Arrays.asList(0L, -1L, Long.MAX_VALUE, 0.25, -3.5e-9, null));
    tree.put("nested", Map.of("deep", List.of(Map.of("x", true))));
    tree.put("big", new BigInteger("123456789012345678901234567890"));

    String written = Json.write(tree);

    assertEquals(tree, Json.parse(written));
    assertTrue(written.contains("\\u0001"));
    assertTrue(written.contains("\\u2028"));
  }

  @Test
  void writeKeepsKeyOrderAndIsCompact() {
    var tree = new LinkedHashMap<String, Object>();
    tree.put("b", 1L);
    tree.put("a", List.of(true, "x"));

    assertEquals("{\"b\":1,\"a\":[true,\"x\"]}", Json.write(tree));
  }

  @Test
  void nonFiniteDoublesAreWrittenAsNull() {
    assertEquals("[null,null]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
  }

  @Test
  void integersBeyondLongBecomeBigIntegersAndLongLimitsStayLong() {
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
    assertEquals(
        new BigInteger("-123456789012345678901234567890"),
        Json.parse("-123456789012345678901234567890"));
    assertEquals(1.0e300, Json.parse("1e300"));
  }

  @Test
  void unicodeEscapesIncludingSurrogatePairsAreDecoded() {
    assertEquals("A\u00e9\ud83d\ude00/", Json.parse("\"\\u0041\\u00E9\\ud83d\\ude00\\/\""));
    assertEquals("\"\\\b\f\n\r\t", Json.parse("\"\\\"\\\\\\b\\f\\n\\r\\t\""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{} x",
        "{}}",
        "[1] [2]",
        "nul",
        "truex",
        "True",
        "{'a': 1}",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "[1,]",
        "[,1]",
        "{a: 1}",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "NaN",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"short \\u12\"",
        "\"not hex \\u12g4\"",
        "\"signed hex \\u+041\"",
        "\"signed hex \\u-041\"",
        "\"fullwidth digit \\u\uff10041\"",
        "\"raw\ttab\"",
        "[1, 2",
        "{\"a\": }"
      })
  void malformedDocumentsAreRejected(String text) {
    assertThrows(JsonParseException.class, () -> Json.parse(text));
  }

  @Test
  void aParseErrorNamesThePosition() {
    var error = assertThrows(JsonParseException.class, () -> Json.parse("[1, x]"));

    assertEquals(4, error.position());
    assertTrue(error.getMessage().endsWith("at position 4"), error.getMessage());
  }

  @Test
  void nestingUpToTheLimitIsAcceptedAndDeeperIsRejectedWithoutOverflow() {
    int limit = Json.MAX_DEPTH;
    Object accepted = Json.parse("[".repeat(limit) + "]".repeat(limit));
    assertInstanceOf(List.class, accepted);
    assertThrows(
        JsonParseException.class, () -> Json.parse("[".repeat(limit + 1) + "]".repeat(limit + 1)));

    var refused =
        assertThrows(
            JsonParseException.class, () -> Json.parse("[".repeat(100_000) + "]".repeat(100_000)));
    assertTrue(refused.getMessage().contains("nesting deeper than " + limit));
    assertThrows(JsonParseException.class, () -> Json.parse("{\"a\":".repeat(10_000) + "1"));
  }

  @Test
  void parseObjectRefusesOtherValues() {
    assertEquals(Map.of("a", 1L), Json.parseObject("{\"a\":1}"));
    assertThrows(JsonParseException.class, () -> Json.parseObject("[]"));
    assertThrows(JsonParseException.class, () -> Json.parseObject("\"text\""));
  }

  @Test
  void canonicalFormSortsKeysAndWritesIntegralNumbersWithoutFraction() {
    var first = new LinkedHashMap<String, Object>();
    first.put("b", 10L);
    first.put("a", Map.of("y", 1.50, "x", 0.0));
    var second = new LinkedHashMap<String, Object>();
    second.put("a", Json.parse("{\"x\": 0, \"y\": 1.5}"));
    second.put("b", 10.0);

    assertEquals("{\"a\":{\"x\":0,\"y\":1.5},\"b\":10}", Json.canonical(first));
    assertEquals(Json.canonical(first), Json.canonical(second));
    assertEquals(Json.canonical(Json.parse("1e2")), Json.canonical(100L));
    assertNotEquals(Json.canonical(10.5), Json.canonical(10L));
    assertNotEquals(Json.canonical(List.of(1L, 2L)), Json.canonical(List.of(2L, 1L)));
  }

  @Test
  void deepCopyIsMutableAndIndependentOfItsSource() {
    Map<String, Object> source = Map.of("list", List.of(Map.of("k", "v")));

    Map<String, Object> copy = Json.deepCopy(source);
    @SuppressWarnings("unchecked")
    var list = (List<Object>) copy.get("list");
    list.add("more");
    @SuppressWarnings("unchecked")
    var inner = (Map<String, Object>) list.getFirst();
    inner.put("k", "changed");

    assertEquals(Map.of("list", List.of(Map.of("k", "v"))), source);
    assertNotSame(source.get("list"), copy.get("list"));
    assertInstanceOf(ArrayList.class, copy.get("list"));
  }
}
