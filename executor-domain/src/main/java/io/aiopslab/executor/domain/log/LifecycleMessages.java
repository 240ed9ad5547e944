package io.aiopslab.executor.domain.log;

/**
 * The exact lifecycle log messages of API.md ("Reads"); every queue implementation writes these.
 */
public final class LifecycleMessages {
  public static final String CREATED = "Task created";
  public static final String COMPLETED = "Task completed";
  public static final String CANCELLED = "Task cancelled by user";
  public static final String TIMED_OUT = "Task timed out";

  private LifecycleMessages() {}

  public static String claimed(String workerId, int attempt) {
    return "Task claimed by " + workerId + " (attempt " + attempt + ")";
  }

  public static String failed(String errorDetails) {
    return "Task failed: " + errorDetails;
  }

  public static String handedBack(String reason) {
    return "Task handed back: " + reason;
  }

  public static String workerLost(int attempts) {
    return "Worker lost after " + attempts + " attempts";
  }
}
