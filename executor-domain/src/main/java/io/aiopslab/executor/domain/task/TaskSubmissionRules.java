package io.aiopslab.executor.domain.task;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.ValidationFailed.FieldError;
import io.aiopslab.executor.domain.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule of API.md "Tasks" for a submission: types are strict, known parameters are range
 * checked, other parameters are kept verbatim, defaults are merged, all broken rules are reported
 * at once with the field they concern.
 */
public final class TaskSubmissionRules {

  public static final int MAX_BATCH_SIZE = 1000;
  public static final Pattern PROBLEM_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]*$");

  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of("problem_id", "parameters", "priority");
  private static final Set<String> BATCH_FIELDS = Set.of("tasks");

  private final SubmissionDefaults defaults;
  private final Clock clock;

  /** Rules whose new task ids take their time prefix from the system clock. */
  public TaskSubmissionRules(SubmissionDefaults defaults) {
    this(defaults, Clock.systemUTC());
  }

  /**
   * Rules whose new task ids ({@link TaskId#generate(Clock)}) take their time from {@code clock}.
   */
  public TaskSubmissionRules(SubmissionDefaults defaults, Clock clock) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public SubmissionDefaults defaults() {
    return defaults;
  }

  /** One {@code TaskCreate} body, optionally with the {@code Idempotency-Key} it came with. */
  public NewTask single(Object body, String idempotencyKey) {
    var errors = new ArrayList<FieldError>();
    NewTask task = parse(body, "", errors);
    NewTask.Idempotency idempotency = null;
    if (idempotencyKey != null) {
      if (idempotencyKey.isBlank()
          || idempotencyKey.length() > NewTask.Idempotency.MAX_KEY_LENGTH) {
        errors.add(
            new FieldError(
                "Idempotency-Key",
                "must be between 1 and " + NewTask.Idempotency.MAX_KEY_LENGTH + " characters"));
      } else {
        idempotency = new NewTask.Idempotency(idempotencyKey, fingerprint(body));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationFailed(errors);
    }
    return idempotency == null ? task : task.withIdempotency(idempotency);
  }

  /** A batch envelope {@code {"tasks": [...]}}: all valid, or nothing (errors name the index). */
  public List<NewTask> batch(Object body) {
    if (!(body instanceof Map<?, ?> envelope)) {
      throw ValidationFailed.of("body", "must be a JSON object");
    }
    var errors = new ArrayList<FieldError>();
    for (Object key : envelope.keySet()) {
      if (!BATCH_FIELDS.contains(String.valueOf(key))) {
        errors.add(new FieldError(String.valueOf(key), "unknown field"));
      }
    }
    Object items = envelope.get("tasks");
    if (items == null) {
      errors.add(new FieldError("tasks", "field required"));
      throw new ValidationFailed(errors);
    }
    if (!(items instanceof List<?> list)) {
      errors.add(new FieldError("tasks", "must be an array"));
      throw new ValidationFailed(errors);
    }
    if (list.isEmpty() || list.size() > MAX_BATCH_SIZE) {
      errors.add(
          new FieldError("tasks", "must contain between 1 and " + MAX_BATCH_SIZE + " items"));
      throw new ValidationFailed(errors);
    }
    var tasks = new ArrayList<NewTask>(list.size());
    for (int i = 0; i < list.size(); i++) {
      NewTask task = parse(list.get(i), "tasks[" + i + "].", errors);
      if (task != null) {
        tasks.add(task);
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationFailed(errors);
    }
    return tasks;
  }

  /** SHA-256 of the canonical JSON form: equal JSON values, equal fingerprints. */
  public static String fingerprint(Object body) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(Json.canonical(body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private NewTask parse(Object body, String prefix, List<FieldError> errors) {
    if (!(body instanceof Map<?, ?> raw)) {
      errors.add(
          new FieldError(prefix.isEmpty() ? "body" : stripDot(prefix), "must be a JSON object"));
      return null;
    }
    int errorsBefore = errors.size();
    for (Object key : raw.keySet()) {
      if (!TOP_LEVEL_FIELDS.contains(String.valueOf(key))) {
        errors.add(new FieldError(prefix + key, "unknown field"));
      }
    }

    String problemId = null;
    Object rawProblemId = raw.get("problem_id");
    if (rawProblemId == null) {
      errors.add(new FieldError(prefix + "problem_id", "field required"));
    } else if (!(rawProblemId instanceof String s)) {
      errors.add(new FieldError(prefix + "problem_id", "must be a string"));
    } else if (s.isEmpty() || s.length() > 255) {
      errors.add(new FieldError(prefix + "problem_id", "must be between 1 and 255 characters"));
    } else if (!PROBLEM_ID.matcher(s).matches()) {
      errors.add(new FieldError(prefix + "problem_id", "must match " + PROBLEM_ID.pattern()));
    } else {
      problemId = s;
    }

    Map<String, Object> parameters = new LinkedHashMap<>();
    Object rawParameters = raw.get("parameters");
    if (rawParameters != null) {
      if (rawParameters instanceof Map<?, ?> map) {
        parameters = Json.deepCopy(castMap(map));
      } else {
        errors.add(new FieldError(prefix + "parameters", "must be an object"));
      }
    }
    // A known parameter given as null is treated as absent: its default applies.
    for (String key :
        List.of(
            "max_steps",
            "timeout_minutes",
            "priority",
            "max_attempts",
            "backend_type",
            "agent_config",
            "metadata",
            "callback_url")) {
      if (parameters.containsKey(key) && parameters.get(key) == null) {
        parameters.remove(key);
      }
    }
    String p = prefix + "parameters.";

    Integer maxSteps = integerIn(parameters.get("max_steps"), 1, 1000, p + "max_steps", errors);
    Number timeoutMinutes = null;
    Object rawTimeout = parameters.get("timeout_minutes");
    if (rawTimeout != null) {
      if (!isNumber(rawTimeout)) {
        errors.add(new FieldError(p + "timeout_minutes", "must be a number"));
      } else {
        double minutes = ((Number) rawTimeout).doubleValue();
        if (!(minutes > 0 && minutes <= 1440)) {
          errors.add(
              new FieldError(p + "timeout_minutes", "must be greater than 0 and at most 1440"));
        } else {
          timeoutMinutes = normalize((Number) rawTimeout);
        }
      }
    }
    Integer priority = integerIn(parameters.get("priority"), 0, 10, p + "priority", errors);
    if (!parameters.containsKey("priority") && raw.get("priority") != null) {
      priority = integerIn(raw.get("priority"), 0, 10, prefix + "priority", errors);
    }
    Integer maxAttempts =
        integerIn(parameters.get("max_attempts"), 1, 10, p + "max_attempts", errors);

    String backendType = null;
    Object rawBackend = parameters.get("backend_type");
    if (rawBackend != null) {
      if (!(rawBackend instanceof String s)) {
        errors.add(new FieldError(p + "backend_type", "must be a string"));
      } else if (s.isEmpty() || s.length() > 100) {
        errors.add(new FieldError(p + "backend_type", "must be between 1 and 100 characters"));
      } else {
        backendType = s;
      }
    }
    Object agentConfig = parameters.get("agent_config");
    if (agentConfig != null && !(agentConfig instanceof Map)) {
      errors.add(new FieldError(p + "agent_config", "must be an object"));
    }
    Object metadata = parameters.get("metadata");
    if (metadata != null && !(metadata instanceof Map)) {
      errors.add(new FieldError(p + "metadata", "must be an object"));
    }
    Object callbackUrl = parameters.get("callback_url");
    if (callbackUrl != null && !isHttpUrl(callbackUrl)) {
      errors.add(new FieldError(p + "callback_url", "must be an http(s) URL"));
    }

    if (errors.size() > errorsBefore || problemId == null) {
      return null;
    }

    // Merge defaults; the stored parameters are what the task really runs with.
    parameters.put("max_steps", maxSteps != null ? maxSteps : defaults.maxSteps());
    parameters.put(
        "timeout_minutes", timeoutMinutes != null ? timeoutMinutes : defaults.timeoutMinutes());
    parameters.put("priority", priority != null ? priority : defaults.priority());
    parameters.put("max_attempts", maxAttempts != null ? maxAttempts : defaults.maxAttempts());
    Map<String, Object> agent =
        agentConfig == null ? new LinkedHashMap<>() : castMap((Map<?, ?>) agentConfig);
    Object model = agent.get("model");
    if (!(model instanceof String m) || m.isBlank()) {
      agent.put("model", defaults.agentModel());
    }
    parameters.put("agent_config", agent);

    return new NewTask(
        TaskId.generate(clock),
        problemId,
        parameters,
        (Integer) parameters.get("priority"),
        backendType,
        (Number) parameters.get("timeout_minutes"),
        (Integer) parameters.get("max_attempts"),
        null);
  }

  private static Integer integerIn(
      Object value, int min, int max, String field, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    if (!isNumber(value)) {
      errors.add(new FieldError(field, "must be an integer"));
      return null;
    }
    BigDecimal decimal = new BigDecimal(value.toString());
    BigInteger integral;
    try {
      integral = decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      errors.add(new FieldError(field, "must be an integer"));
      return null;
    }
    if (integral.compareTo(BigInteger.valueOf(min)) < 0
        || integral.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max));
      return null;
    }
    return integral.intValue();
  }

  /** Integral values become Integer (10.0 → 10), the rest stay as given. */
  private static Number normalize(Number value) {
    BigDecimal decimal = new BigDecimal(value.toString()).stripTrailingZeros();
    if (decimal.scale() <= 0) {
      return decimal.intValueExact();
    }
    return value.doubleValue();
  }

  private static boolean isNumber(Object value) {
    if (!(value instanceof Number n)) {
      return false;
    }
    return !(n instanceof Double d && !Double.isFinite(d))
        && !(n instanceof Float f && !Float.isFinite(f));
  }

  private static boolean isHttpUrl(Object value) {
    if (!(value instanceof String s) || s.length() > 2048) {
      return false;
    }
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String stripDot(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
