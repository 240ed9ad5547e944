package io.aiopslab.executor.domain.spi;

import io.aiopslab.executor.domain.run.RunEvents;
import io.aiopslab.executor.domain.run.RunOutcome;
import io.aiopslab.executor.domain.run.RunRequest;

/**
 * Runs one attempt of one task (driven port). The contract:
 *
 * <ul>
 *   <li>{@link #run} blocks its (virtual) thread until the attempt ends and returns exactly one
 *       {@link RunOutcome}; it never throws for a failure of the task itself (that is {@link
 *       RunOutcome.Failed}).
 *   <li>While running it reports logs, conversation messages and progress through {@link
 *       RunEvents}; events may come from any thread of the runner.
 *   <li>When {@link RunRequest#stop()} fires (cancel, timeout, shutdown, lease lost) the runner
 *       stops the execution promptly (within about a second, after its grace period for an OS
 *       process tree), leaves nothing running, and returns {@link RunOutcome.Stopped}.
 *   <li>An interrupt of the calling thread is treated as a stop with reason SHUTDOWN.
 * </ul>
 */
public interface TaskRunner {

  /** Short name shown in the startup banner and logs, e.g. {@code simulated}, {@code process}. */
  String name();

  RunOutcome run(RunRequest request, RunEvents events);
}
