package io.aiopslab.executor.domain.run;

/** Why an execution is asked to stop. */
public enum StopReason {
  /** The user cancelled the task; it is already recorded as cancelled. */
  CANCELLED,
  /** The task passed its deadline; it ends as timeout. */
  TIMED_OUT,
  /** The node is shutting down; the task is handed back. */
  SHUTDOWN,
  /** Another node took the task over (our lease is gone); nothing more may be written. */
  LEASE_LOST
}
