/**
 * The worker engine: the internal workers of a node, framework-free, over the driven ports.
 *
 * <p>{@link io.aiopslab.executor.ports.engine.WorkerPool} is the entry point (it implements the
 * {@code ControlWorkers} and {@code LiveWorkers} ports); {@link
 * io.aiopslab.executor.ports.engine.EngineSettings} is its configuration. Inside: the {@code
 * Dispatcher} claims for all idle slots in one call and starts each attempt on a virtual thread;
 * the {@code Completer} records ended attempts in batches and refills the slots it frees in the
 * same call ({@code TaskQueue.finishAndClaim}: one commit per batch), leaving the dispatcher only
 * the slots that are idle because the queue ran short; the {@code LeaseKeeper} renews all leases in
 * one call per tick and writes the slots' state to the registry; the {@code Reaper} cleans up after
 * lost workers; the {@code OutputBuffer} writes runner logs and conversation messages in batches;
 * {@code Deadlines} stops attempts at their deadline. Each loop is one named platform thread;
 * per-task work never takes a lock of its own or writes the registry.
 */
package io.aiopslab.executor.ports.engine;
