package io.pushrec.experiment;

import io.pushrec.core.PushFeedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Gathers one node's push outcomes and reports them to the experiment's entity in batches: at most
 * {@code maxBatch} outcomes, and none waits longer than {@code maxDelay}. Counts are read by people, so a
 * fraction of a second late costs nothing, while one write per outcome to a single cluster-wide entity would
 * cap the pushes of the whole cluster. A batch not yet sent when its node dies is lost, like any tell in
 * flight to the entity; the counts are a measurement, not a ledger.
 */
public final class OutcomeBatcher extends AbstractBehavior<OutcomeBatcher.Command> {

  /** Local only: never crosses the network. */
  public sealed interface Command permits Add, Flush {}

  public record Add(PushFeedback.Outcome outcome) implements Command {}

  private enum Flush implements Command { INSTANCE }

  private final RecipientRef<ExperimentEntity.Command> experiment;
  private final int maxBatch;
  private final Duration maxDelay;
  private final TimerScheduler<Command> timers;
  private List<PushFeedback.Outcome> batch = new ArrayList<>();

  public static Behavior<Command> create(RecipientRef<ExperimentEntity.Command> experiment, int maxBatch,
      Duration maxDelay) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new OutcomeBatcher(ctx, experiment, maxBatch, maxDelay, timers)));
  }

  private OutcomeBatcher(ActorContext<Command> ctx, RecipientRef<ExperimentEntity.Command> experiment, int maxBatch,
      Duration maxDelay, TimerScheduler<Command> timers) {
    super(ctx);
    this.experiment = experiment;
    this.maxBatch = maxBatch;
    this.maxDelay = maxDelay;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Add.class, this::onAdd)
        .onMessageEquals(Flush.INSTANCE, this::flush)
        .build();
  }

  private Behavior<Command> onAdd(Add add) {
    batch.add(add.outcome());
    if (batch.size() >= maxBatch) return flush();
    if (!timers.isTimerActive(Flush.INSTANCE)) timers.startSingleTimer(Flush.INSTANCE, maxDelay);
    return this;
  }

  private Behavior<Command> flush() {
    timers.cancel(Flush.INSTANCE);
    if (!batch.isEmpty()) {
      experiment.tell(new ExperimentEntity.ReportAll(batch));
      batch = new ArrayList<>();
    }
    return this;
  }
}
