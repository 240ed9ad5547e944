package io.aiopslab.executor.domain.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one JSON codec below the REST adapter. Task parameters, results, log contexts and runner
 * events are free-form JSON; the domain keeps them as plain Java trees ({@code Map<String,Object>}
 * with insertion order, {@code List}, {@code String}, {@code Long}/{@code BigInteger}, {@code
 * Double}, {@code Boolean}, {@code null}) so that no module below the REST adapter needs a JSON
 * library. It is strict (RFC 8259, no trailing garbage) and bounded in nesting depth, because it
 * also reads untrusted runner output.
 */
public final class Json {

  /** Deeper documents are rejected instead of overflowing the stack. */
  public static final int MAX_DEPTH = 256;

  private Json() {}

  /** Parses one JSON document; throws {@link JsonParseException} on anything else. */
  public static Object parse(String text) {
    var parser = new Parser(text);
    parser.skipWhitespace();
    Object value = parser.readValue(0);
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected trailing characters");
    }
    return value;
  }

  /** Parses a document that must be a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new JsonParseException("expected a JSON object", 0);
  }

  /** Writes a Java tree as compact JSON, keys in map order. */
  public static String write(Object value) {
    var out = new StringBuilder(256); // a task's parameters, without growing on the way
    writeValue(out, value, false);
    return out.toString();
  }

  /**
   * Writes a canonical form: keys sorted, integral numbers without fraction (10.0 and 10 are the
   * same value). Two documents are equal as JSON values exactly when their canonical forms are.
   */
  public static String canonical(Object value) {
    var out = new StringBuilder(64);
    writeValue(out, value, true);
    return out.toString();
  }

  /** A deep, mutable copy with insertion order kept; the input is never modified. */
  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      var copy = new LinkedHashMap<String, Object>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof Collection<?> list) {
      var copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }

  private static void writeValue(StringBuilder out, Object value, boolean canonical) {
    switch (value) {
      case null -> out.append("null");
      case String s -> writeString(out, s);
      case Boolean b -> out.append(b.booleanValue());
      case Double d -> writeDouble(out, d, canonical);
      case Float f -> writeDouble(out, f.doubleValue(), canonical);
      case BigDecimal d -> writeBigDecimal(out, d, canonical);
      case Number n -> out.append(n);
      case Map<?, ?> map -> {
        out.append('{');
        Map<?, ?> ordered = canonical ? sortedKeys(map) : map;
        boolean first = true;
        for (var entry : ordered.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(out, String.valueOf(entry.getKey()));
          out.append(':');
          writeValue(out, entry.getValue(), canonical);
        }
        out.append('}');
      }
      case Collection<?> list -> {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeValue(out, item, canonical);
        }
        out.append(']');
      }
      case UUID u -> writeString(out, u.toString());
      case Instant i -> writeString(out, i.toString());
      case Enum<?> e -> writeString(out, e.name().toLowerCase(java.util.Locale.ROOT));
      default -> writeString(out, value.toString());
    }
  }

  private static Map<String, Object> sortedKeys(Map<?, ?> map) {
    var sorted = new TreeMap<String, Object>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    return sorted;
  }

  private static void writeDouble(StringBuilder out, double d, boolean canonical) {
    if (!Double.isFinite(d)) {
      out.append("null"); // JSON has no NaN/Infinity
    } else if (canonical) {
      writeBigDecimal(out, BigDecimal.valueOf(d), true);
    } else {
      out.append(d);
    }
  }

  private static void writeBigDecimal(StringBuilder out, BigDecimal d, boolean canonical) {
    if (!canonical) {
      out.append(d.toString());
      return;
    }
    BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    out.append(stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toString());
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    int run = 0; // start of the characters not yet appended: they need no escape
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
        continue;
      }
      out.append(s, run, i).append(escape(c));
      run = i + 1;
    }
    out.append(s, run, s.length()).append('"');
  }

  /** The escape of a character JSON text must not hold as is. */
  private static String escape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      default -> String.format("\\u%04x", (int) c); // other controls, U+2028, U+2029
    };
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    JsonParseException error(String message) {
      return new JsonParseException(message, pos);
    }

    void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    Object readValue(int depth) {
      if (depth >= MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> readObject(depth);
        case '[' -> readArray(depth);
        case '"' -> readString();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield readNumber();
          }
          throw error("unexpected character '" + c + "'");
        }
      };
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("invalid literal");
      }
      pos += word.length();
      return value;
    }

    private Map<String, Object> readObject(int depth) {
      pos++; // {
      var map = new LinkedHashMap<String, Object>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String key = readString();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        map.put(key, readValue(depth + 1));
        skipWhitespace();
        char c = next();
        if (c == '}') {
          return map;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> readArray(int depth) {
      pos++; // [
      var list = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipWhitespace();
        list.add(readValue(depth + 1));
        skipWhitespace();
        char c = next();
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private String readString() {
      pos++; // opening quote
      StringBuilder sb = null;
      int start = pos;
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          String result =
              sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
          pos++;
          return result;
        }
        if (c < 0x20) {
          throw error("control character in string");
        }
        if (c == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(text, start, pos);
          pos++;
          char esc = next();
          switch (esc) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (pos + 4 > text.length()) {
                throw error("truncated \\u escape");
              }
              int code = 0;
              for (int i = 0; i < 4; i++) {
                // Not Integer.parseInt: it takes a sign ("\\u+041"). ASCII hex digits only.
                char hex = text.charAt(pos + i);
                int digit = hex <= 'f' ? Character.digit(hex, 16) : -1;
                if (digit < 0) {
                  throw error("invalid \\u escape");
                }
                code = code * 16 + digit;
              }
              sb.append((char) code);
              pos += 4;
            }
            default -> throw error("invalid escape");
          }
          start = pos;
        } else {
          pos++;
        }
      }
    }

    private Object readNumber() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        while (isDigit(peek())) {
          pos++;
        }
      } else {
        throw error("invalid number");
      }
      boolean integral = true;
      if (peek() == '.') {
        integral = false;
        pos++;
        if (!isDigit(peek())) {
          throw error("invalid number");
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        integral = false;
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error("invalid number");
        }
        while (isDigit(peek())) {
          pos++;
        }
      }
      String literal = text.substring(start, pos);
      if (integral) {
        if (literal.length() < 19) {
          return Long.parseLong(literal);
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      }
      return Double.parseDouble(literal);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      return text.charAt(pos++);
    }

    private void expect(char c) {
      if (next() != c) {
        pos--;
        throw error("expected '" + c + "'");
      }
    }
  }
}
