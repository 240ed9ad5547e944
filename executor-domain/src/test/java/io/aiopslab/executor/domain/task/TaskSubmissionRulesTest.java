package io.aiopslab.executor.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aiopslab.executor.domain.ValidationFailed;
import io.aiopslab.executor.domain.ValidationFailed.FieldError;
import io.aiopslab.executor.domain.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskSubmissionRulesTest {

  private static final SubmissionDefaults DEFAULTS =
      new SubmissionDefaults(30, 30, 5, 3, "default-model");
  private final TaskSubmissionRules rules = new TaskSubmissionRules(DEFAULTS);

  // --- problem_id ---------------------------------------------------------------------------

  @Test
  void aMinimalBodyGetsEveryDefault() {
    NewTask task = single("{\"problem_id\": \"k8s_target_port-misconfig-detection-1\"}");

    assertEquals("k8s_target_port-misconfig-detection-1", task.problemId());
    assertEquals(
        Map.of(
            "max_steps", 30,
            "timeout_minutes", 30,
            "priority", 5,
            "max_attempts", 3,
            "agent_config", Map.of("model", "default-model")),
        task.parameters());
    assertEquals(5, task.priority());
    assertEquals(30, task.timeoutMinutes());
    assertEquals(3, task.maxAttempts());
    assertNull(task.backendType());
    assertNull(task.idempotency());
    assertNotEquals(task.id(), single("{\"problem_id\": \"p\"}").id());
  }

  @Test
  void problemIdIsRequired() {
    assertOnlyError("{}", "problem_id", "field required");
    assertOnlyError("{\"problem_id\": null}", "problem_id", "field required");
  }

  @Test
  void problemIdMustBeAString() {
    assertOnlyError("{\"problem_id\": 123}", "problem_id", "must be a string");
    assertOnlyError("{\"problem_id\": true}", "problem_id", "must be a string");
  }

  @Test
  void problemIdHasOneTo255Characters() {
    assertOnlyError("{\"problem_id\": \"\"}", "problem_id", "must be between 1 and 255 characters");
    String longest = "a".repeat(255);
    assertEquals(longest, single("{\"problem_id\": \"" + longest + "\"}").problemId());
    assertOnlyError(
        "{\"problem_id\": \"" + "a".repeat(256) + "\"}",
        "problem_id",
        "must be between 1 and 255 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-leading-dash", "_leading", "has space", "dot.ted", "slash/x", "ü"})
  void problemIdMustMatchThePattern(String problemId) {
    assertOnlyError(
        json(Map.of("problem_id", problemId)),
        "problem_id",
        "must match ^[a-zA-Z0-9][a-zA-Z0-9_-]*$");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "A_b-9", "k8s_target_port-misconfig-detection-1"})
  void problemIdsOfThePatternAreAccepted(String problemId) {
    assertEquals(problemId, single(json(Map.of("problem_id", problemId))).problemId());
  }

  // --- known parameters ---------------------------------------------------------------------

  @Test
  void maxStepsIsAnIntegerFrom1To1000() {
    assertEquals(1, parameter("max_steps", "1"));
    assertEquals(1000, parameter("max_steps", "1000"));
    assertParameterError("max_steps", "0", "must be between 1 and 1000");
    assertParameterError("max_steps", "1001", "must be between 1 and 1000");
    assertParameterError("max_steps", "-5", "must be between 1 and 1000");
  }

  @Test
  void integralDecimalsAreIntegersAndFractionsAreNot() {
    assertEquals(10, parameter("max_steps", "10.0"));
    assertInstanceOf(Integer.class, parameter("max_steps", "10.0"));
    assertEquals(10, parameter("max_steps", "1e1"));
    assertParameterError("max_steps", "10.5", "must be an integer");
    assertParameterError("priority", "2.5", "must be an integer");
    assertParameterError("max_attempts", "1.1", "must be an integer");
  }

  @Test
  void booleansStringsAndContainersAreNotNumbers() {
    assertParameterError("max_steps", "true", "must be an integer");
    assertParameterError("max_steps", "\"10\"", "must be an integer");
    assertParameterError("priority", "false", "must be an integer");
    assertParameterError("max_attempts", "[1]", "must be an integer");
    assertParameterError("timeout_minutes", "true", "must be a number");
    assertParameterError("timeout_minutes", "\"30\"", "must be a number");
  }

  @Test
  void hugeIntegersAreOutOfRangeNotOverflowed() {
    assertParameterError("max_steps", "4294967297", "must be between 1 and 1000");
    assertParameterError("priority", "1e30", "must be between 0 and 10");
  }

  @Test
  void timeoutMinutesIsAboveZeroAndAtMost1440WithFractionsAllowed() {
    assertEquals(0.05, parameter("timeout_minutes", "0.05"));
    assertEquals(1440, parameter("timeout_minutes", "1440"));
    assertEquals(30, parameter("timeout_minutes", "30.0"));
    assertInstanceOf(Integer.class, parameter("timeout_minutes", "30.0"));
    assertParameterError("timeout_minutes", "0", "must be greater than 0 and at most 1440");
    assertParameterError("timeout_minutes", "-1", "must be greater than 0 and at most 1440");
    assertParameterError("timeout_minutes", "1440.5", "must be greater than 0 and at most 1440");
    assertEquals(0.05, single(withParameter("timeout_minutes", "0.05")).timeoutMinutes());
  }

  @Test
  void priorityIsFrom0To10() {
    assertEquals(0, parameter("priority", "0"));
    assertEquals(10, parameter("priority", "10"));
    assertParameterError("priority", "11", "must be between 0 and 10");
    assertParameterError("priority", "-1", "must be between 0 and 10");
    assertEquals(10, single(withParameter("priority", "10")).priority());
  }

  @Test
  void maxAttemptsIsFrom1To10() {
    assertEquals(1, parameter("max_attempts", "1"));
    assertEquals(10, parameter("max_attempts", "10"));
    assertParameterError("max_attempts", "0", "must be between 1 and 10");
    assertParameterError("max_attempts", "11", "must be between 1 and 10");
    assertEquals(7, single(withParameter("max_attempts", "7")).maxAttempts());
  }

  @Test
  void backendTypeIsAStringOf1To100Characters() {
    assertEquals("kind", single(withParameter("backend_type", "\"kind\"")).backendType());
    assertEquals("k".repeat(100), parameter("backend_type", "\"" + "k".repeat(100) + "\""));
    assertParameterError("backend_type", "\"\"", "must be between 1 and 100 characters");
    assertParameterError(
        "backend_type", "\"" + "k".repeat(101) + "\"", "must be between 1 and 100 characters");
    assertParameterError("backend_type", "5", "must be a string");
  }

  @Test
  void agentConfigAndMetadataAreObjects() {
    assertParameterError("agent_config", "\"gpt-4o\"", "must be an object");
    assertParameterError("agent_config", "[]", "must be an object");
    assertParameterError("metadata", "1", "must be an object");
    assertEquals(Map.of("team", "sre"), parameter("metadata", "{\"team\": \"sre\"}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.com/x", "example.com/cb", "http://", "mailto:a@b.c", "not a url"})
  void callbackUrlMustBeAnHttpOrHttpsUrl(String url) {
    assertParameterError("callback_url", Json.write(url), "must be an http(s) URL");
  }

  @Test
  void callbackUrlAcceptsHttpAndHttps() {
    assertEquals(
        "https://hooks.example.com/cb?x=1",
        parameter("callback_url", "\"https://hooks.example.com/cb?x=1\""));
    assertEquals(
        "http://localhost:8080/cb", parameter("callback_url", "\"http://localhost:8080/cb\""));
    assertParameterError("callback_url", "42", "must be an http(s) URL");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "max_steps",
        "timeout_minutes",
        "priority",
        "max_attempts",
        "backend_type",
        "agent_config",
        "metadata",
        "callback_url"
      })
  void aKnownParameterGivenAsNullIsAbsent(String key) {
    NewTask task = single(withParameter(key, "null"));

    NewTask absent = single("{\"problem_id\": \"p\"}");
    assertEquals(absent.parameters(), task.parameters());
  }

  @Test
  void unknownParametersAreKeptVerbatim() {
    NewTask task =
        single(
            "{\"problem_id\": \"p\", \"parameters\": {\"simulation\": {\"duration\": 1.5,"
                + " \"outcome\": \"success\"}, \"flag\": null, \"list\": [1, \"a\"]}}");

    assertEquals(
        Map.of("duration", 1.5, "outcome", "success"), task.parameters().get("simulation"));
    assertTrue(task.parameters().containsKey("flag"));
    assertNull(task.parameters().get("flag"));
    assertEquals(List.of(1L, "a"), task.parameters().get("list"));
  }

  @Test
  void parametersMustBeAnObject() {
    assertOnlyError(
        "{\"problem_id\": \"p\", \"parameters\": [1]}", "parameters", "must be an object");
  }

  @Test
  void everyBrokenRuleIsReportedAtOnce() {
    var failure =
        invalid(
            "{\"problem_id\": 1, \"parameters\": {\"max_steps\": 0, \"priority\": 11},"
                + " \"extra\": true}");

    assertEquals(
        List.of(
            new FieldError("extra", "unknown field"),
            new FieldError("problem_id", "must be a string"),
            new FieldError("parameters.max_steps", "must be between 1 and 1000"),
            new FieldError("parameters.priority", "must be between 0 and 10")),
        failure.errors());
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() {
    assertOnlyError("[]", "body", "must be a JSON object");
    assertOnlyError("\"text\"", "body", "must be a JSON object");
  }

  // --- top-level fields ---------------------------------------------------------------------

  @Test
  void topLevelPriorityIsCopiedIntoParametersWhenAbsent() {
    NewTask task = single("{\"problem_id\": \"p\", \"priority\": 8}");

    assertEquals(8, task.priority());
    assertEquals(8, task.parameters().get("priority"));
    assertEquals(9, single("{\"problem_id\": \"p\", \"priority\": 9.0}").priority());
    assertEquals(
        8,
        single("{\"problem_id\": \"p\", \"priority\": 8, \"parameters\": {\"priority\": null}}")
            .priority(),
        "a null parameters.priority is absent; the top-level one applies");
  }

  @Test
  void parametersPriorityWinsOverTopLevelPriority() {
    NewTask task =
        single("{\"problem_id\": \"p\", \"priority\": 1, \"parameters\": {\"priority\": 9}}");

    assertEquals(9, task.priority());
    assertEquals(9, task.parameters().get("priority"));
  }

  @Test
  void topLevelPriorityIsRangeAndTypeCheckedUnderItsOwnName() {
    assertOnlyError(
        "{\"problem_id\": \"p\", \"priority\": 11}", "priority", "must be between 0 and 10");
    assertOnlyError(
        "{\"problem_id\": \"p\", \"priority\": -1}", "priority", "must be between 0 and 10");
    assertOnlyError(
        "{\"problem_id\": \"p\", \"priority\": true}", "priority", "must be an integer");
    assertOnlyError("{\"problem_id\": \"p\", \"priority\": 2.5}", "priority", "must be an integer");
    assertEquals(5, single("{\"problem_id\": \"p\", \"priority\": null}").priority());
  }

  @Test
  void unknownTopLevelFieldsAreNamed() {
    assertOnlyError("{\"problem_id\": \"p\", \"max_steps\": 10}", "max_steps", "unknown field");
  }

  // --- defaults -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"model\": null}",
        "{\"model\": \"\"}",
        "{\"model\": \"   \"}",
        "{\"model\": 4}"
      })
  void aMissingBlankOrNullModelGetsTheDefaultAndOtherKeysStay(String agentConfig) {
    var parsed = Json.parseObject(agentConfig);
    parsed.put("temperature", 0.2);
    parsed.put("tools", List.of("kubectl"));

    Object merged = parameter("agent_config", Json.write(parsed));

    assertEquals(
        Map.of("model", "default-model", "temperature", 0.2, "tools", List.of("kubectl")), merged);
  }

  @Test
  void aGivenModelIsKept() {
    assertEquals(Map.of("model", "gpt-4o"), parameter("agent_config", "{\"model\": \"gpt-4o\"}"));
  }

  @Test
  void theCallersBodyIsNotModified() {
    var parameters = new LinkedHashMap<String, Object>();
    parameters.put("agent_config", new LinkedHashMap<>(Map.of("temperature", 1L)));
    var body = new LinkedHashMap<String, Object>(Map.of("problem_id", "p"));
    body.put("parameters", parameters);
    String before = Json.canonical(body);

    rules.single(body, null);

    assertEquals(before, Json.canonical(body));
  }

  // --- idempotency --------------------------------------------------------------------------

  @Test
  void anIdempotencyKeyCarriesTheBodyFingerprint() {
    String body = "{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": 10}}";

    NewTask task = rules.single(Json.parse(body), "key-1");

    assertEquals("key-1", task.idempotency().key());
    assertEquals(
        TaskSubmissionRules.fingerprint(Json.parse(body)), task.idempotency().bodyFingerprint());
  }

  @Test
  void anIdempotencyKeyHas1To255Characters() {
    Object body = Json.parse("{\"problem_id\": \"p\"}");

    assertEquals("k".repeat(255), rules.single(body, "k".repeat(255)).idempotency().key());
    for (String bad : List.of("", "   ", "k".repeat(256))) {
      var failure = assertThrows(ValidationFailed.class, () -> rules.single(body, bad));
      assertEquals(
          List.of(new FieldError("Idempotency-Key", "must be between 1 and 255 characters")),
          failure.errors());
    }
  }

  @Test
  void fingerprintsAreEqualForEqualJsonValues() {
    String a =
        "{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": 10, \"x\": [1, {\"b\": 1, \"a\": 2}]}}";
    String b =
        "{ \"parameters\": {\"x\": [1.0, {\"a\": 2, \"b\": 1}], \"max_steps\": 10.0}, \"problem_id\": \"p\" }";

    assertEquals(fingerprint(a), fingerprint(b));
    assertEquals(64, fingerprint(a).length());
  }

  @Test
  void fingerprintsDifferForDifferentJsonValues() {
    String base = fingerprint("{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": 10}}");

    assertNotEquals(
        base, fingerprint("{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": 11}}"));
    assertNotEquals(
        base, fingerprint("{\"problem_id\": \"q\", \"parameters\": {\"max_steps\": 10}}"));
    assertNotEquals(
        base, fingerprint("{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": \"10\"}}"));
    assertNotEquals(
        base, fingerprint("{\"problem_id\": \"p\", \"parameters\": {\"max_steps\": 10.5}}"));
    assertNotEquals(base, fingerprint("{\"problem_id\": \"p\"}"));
    assertNotEquals(fingerprint("[1, 2]"), fingerprint("[2, 1]"));
  }

  // --- batch --------------------------------------------------------------------------------

  @Test
  void aBatchKeepsItsOrderAndMergesDefaultsIntoEveryItem() {
    List<NewTask> tasks =
        rules.batch(
            Json.parse(
                "{\"tasks\": [{\"problem_id\": \"a\"}, {\"problem_id\": \"b\", \"priority\": 9}]}"));

    assertEquals(List.of("a", "b"), tasks.stream().map(NewTask::problemId).toList());
    assertEquals(List.of(5, 9), tasks.stream().map(NewTask::priority).toList());
    assertTrue(tasks.stream().allMatch(t -> t.idempotency() == null));
  }

  @Test
  void batchErrorsNameTheItemIndex() {
    var items = new ArrayList<Object>();
    for (int i = 0; i < 5; i++) {
      items.add(Map.of("problem_id", "ok-" + i));
    }
    items.set(3, Map.of("problem_id", "-bad"));
    items.set(4, Map.of("problem_id", "p", "parameters", Map.of("max_steps", 0), "x", 1));

    var failure = assertThrows(ValidationFailed.class, () -> rules.batch(Map.of("tasks", items)));

    assertEquals(
        List.of(
            new FieldError("tasks[3].problem_id", "must match ^[a-zA-Z0-9][a-zA-Z0-9_-]*$"),
            new FieldError("tasks[4].x", "unknown field"),
            new FieldError("tasks[4].parameters.max_steps", "must be between 1 and 1000")),
        failure.errors());
  }

  @Test
  void aBatchItemThatIsNotAnObjectIsNamed() {
    var failure =
        assertThrows(
            ValidationFailed.class,
            () -> rules.batch(Json.parse("{\"tasks\": [{\"problem_id\": \"a\"}, 7]}")));

    assertEquals(List.of(new FieldError("tasks[1]", "must be a JSON object")), failure.errors());
  }

  @Test
  void theBatchEnvelopeIsChecked() {
    assertBatchError("[]", "body", "must be a JSON object");
    assertBatchError("{}", "tasks", "field required");
    assertBatchError("{\"tasks\": null}", "tasks", "field required");
    assertBatchError("{\"tasks\": {}}", "tasks", "must be an array");
    assertBatchError("{\"tasks\": []}", "tasks", "must contain between 1 and 1000 items");
    var failure =
        assertThrows(
            ValidationFailed.class,
            () -> rules.batch(Json.parse("{\"tasks\": [{\"problem_id\": \"a\"}], \"extra\": 1}")));
    assertEquals(List.of(new FieldError("extra", "unknown field")), failure.errors());
  }

  @Test
  void aBatchHoldsAtMost1000Items() {
    var items = new ArrayList<Object>();
    for (int i = 0; i < 1000; i++) {
      items.add(Map.of("problem_id", "p" + i));
    }
    assertEquals(1000, rules.batch(Map.of("tasks", items)).size());

    items.add(Map.of("problem_id", "one-too-many"));

    var failure = assertThrows(ValidationFailed.class, () -> rules.batch(Map.of("tasks", items)));
    assertEquals(
        List.of(new FieldError("tasks", "must contain between 1 and 1000 items")),
        failure.errors());
  }

  // --- defaults record ----------------------------------------------------------------------

  @Test
  void submissionDefaultsAreRangeChecked() {
    assertThrows(IllegalArgumentException.class, () -> new SubmissionDefaults(0, 30, 5, 3, "m"));
    assertThrows(IllegalArgumentException.class, () -> new SubmissionDefaults(30, 0, 5, 3, "m"));
    assertThrows(IllegalArgumentException.class, () -> new SubmissionDefaults(30, 30, 11, 3, "m"));
    assertThrows(IllegalArgumentException.class, () -> new SubmissionDefaults(30, 30, 5, 0, "m"));
    assertThrows(IllegalArgumentException.class, () -> new SubmissionDefaults(30, 30, 5, 3, " "));
    assertEquals("gpt-4", SubmissionDefaults.ORIGINAL.agentModel());
    assertEquals(30, SubmissionDefaults.ORIGINAL.maxSteps());
  }

  // --- helpers ------------------------------------------------------------------------------

  private NewTask single(String body) {
    return rules.single(Json.parse(body), null);
  }

  private ValidationFailed invalid(String body) {
    return assertThrows(ValidationFailed.class, () -> single(body));
  }

  private void assertOnlyError(String body, String field, String message) {
    assertEquals(List.of(new FieldError(field, message)), invalid(body).errors(), body);
  }

  private void assertBatchError(String body, String field, String message) {
    var failure = assertThrows(ValidationFailed.class, () -> rules.batch(Json.parse(body)));
    assertEquals(List.of(new FieldError(field, message)), failure.errors(), body);
  }

  private static String withParameter(String key, String jsonValue) {
    return "{\"problem_id\": \"p\", \"parameters\": {\"" + key + "\": " + jsonValue + "}}";
  }

  private Object parameter(String key, String jsonValue) {
    return single(withParameter(key, jsonValue)).parameters().get(key);
  }

  private void assertParameterError(String key, String jsonValue, String message) {
    assertOnlyError(withParameter(key, jsonValue), "parameters." + key, message);
  }

  private static String fingerprint(String json) {
    return TaskSubmissionRules.fingerprint(Json.parse(json));
  }

  private static String json(Map<String, Object> body) {
    return Json.write(body);
  }
}
