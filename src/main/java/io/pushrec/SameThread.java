package io.pushrec;

import java.util.concurrent.Executor;

/**
 * An executor that runs a continuation at once, on the thread that completed the stage before it.
 *
 * <p>The stages Pekko hands to Java (an ask's answer, a stream's result, a Cassandra session's call) run even a plain
 * {@code thenApply} or {@code whenComplete} asynchronously, on the JDK's common pool. Where that pool would have a
 * single thread, as on a machine of two cores, the JDK starts a new thread for every such continuation instead: one
 * per recommendations request, item upsert or lease renewal. The continuations given this executor are short (an
 * answer turned into JSON, a flag read), so they cost less where the answer arrives than any hand-over would.
 */
public final class SameThread {
  public static final Executor EXECUTOR = Runnable::run;

  private SameThread() {}
}
