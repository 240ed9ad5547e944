package io.aiopslab.executor.domain.task;

import static io.aiopslab.executor.domain.task.TaskStatus.CANCELLED;
import static io.aiopslab.executor.domain.task.TaskStatus.COMPLETED;
import static io.aiopslab.executor.domain.task.TaskStatus.FAILED;
import static io.aiopslab.executor.domain.task.TaskStatus.PENDING;
import static io.aiopslab.executor.domain.task.TaskStatus.RUNNING;
import static io.aiopslab.executor.domain.task.TaskStatus.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskLifecycleTest {

  /** The table of DESIGN.md, written out independently of the code under test. */
  private static final Map<TaskStatus, Set<TaskStatus>> LEGAL =
      Map.of(
          PENDING, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(COMPLETED, FAILED, TIMEOUT, CANCELLED, PENDING),
          COMPLETED, EnumSet.noneOf(TaskStatus.class),
          FAILED, EnumSet.noneOf(TaskStatus.class),
          TIMEOUT, EnumSet.noneOf(TaskStatus.class),
          CANCELLED, EnumSet.noneOf(TaskStatus.class));

  static List<Arguments> legalPairs() {
    return pairs(true);
  }

  static List<Arguments> illegalPairs() {
    return pairs(false);
  }

  private static List<Arguments> pairs(boolean legal) {
    var pairs = new ArrayList<Arguments>();
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        if (LEGAL.get(from).contains(to) == legal) {
          pairs.add(Arguments.of(from, to));
        }
      }
    }
    return pairs;
  }

  @ParameterizedTest(name = "{0} -> {1} is allowed")
  @MethodSource("legalPairs")
  void legalTransitionIsAllowed(TaskStatus from, TaskStatus to) {
    assertTrue(TaskLifecycle.allows(from, to));
    assertDoesNotThrow(() -> TaskLifecycle.check(TaskId.generate(), from, to));
  }

  @ParameterizedTest(name = "{0} -> {1} is refused")
  @MethodSource("illegalPairs")
  void illegalTransitionIsRefusedNamingBothStates(TaskStatus from, TaskStatus to) {
    TaskId id = TaskId.generate();

    assertFalse(TaskLifecycle.allows(from, to));
    var refused = assertThrows(IllegalTransition.class, () -> TaskLifecycle.check(id, from, to));

    assertEquals(id, refused.taskId());
    assertSame(from, refused.from());
    assertSame(to, refused.to());
    String expected =
        to == CANCELLED
            ? "Task " + id + " cannot be cancelled from " + from.wireName()
            : "Task " + id + " cannot move from " + from.wireName() + " to " + to.wireName();
    assertEquals(expected, refused.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void nextListsExactlyTheLegalTargets(TaskStatus from) {
    assertEquals(LEGAL.get(from), TaskLifecycle.next(from));
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void onlyPendingAndRunningAreNotFinal(TaskStatus status) {
    assertEquals(status != PENDING && status != RUNNING, status.isFinal());
    assertEquals(status.isFinal(), TaskLifecycle.next(status).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void wireNameIsTheLowerCaseNameMatchedExactly(TaskStatus status) {
    assertEquals(status.name().toLowerCase(java.util.Locale.ROOT), status.wireName());
    assertEquals(status, TaskStatus.fromWireName(status.wireName()).orElseThrow());
    assertTrue(TaskStatus.fromWireName(status.name()).isEmpty());
  }
}
