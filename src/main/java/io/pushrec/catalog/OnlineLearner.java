package io.pushrec.catalog;

import io.pushrec.CborSerializable;
import io.pushrec.core.OnlineItemLearner;
import io.pushrec.core.VectorTable;
import io.pushrec.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The cluster's one online learner (a cluster singleton on the oldest node): user entities tell it what each user
 * engaged with after what, it takes a small step of {@link OnlineItemLearner} per example on the vectors of the
 * node's catalogue replica, and every flush interval it hands at most {@code maxVectorsPerFlush} changed vectors to
 * their item entities as {@code SetCollaborative(vector, "online-N")} (N: examples learned so far). The entities
 * persist and broadcast them, so every node's replica, and with it the singleton's own next steps, follow.
 *
 * <p>Why one learner and not one per node: every example moves shared vectors (the next item's, the negatives', the
 * profile's), and the item entity is their single writer; learners on several nodes would publish conflicting
 * vectors for the same popular items, each overwriting the others' steps.
 *
 * <p>Delivery is at most once, on purpose. Examples reach the singleton through its proxy by plain tells, and the
 * learner's state (Adam moments, changes not yet flushed) lives in memory: a hand-over to another node or a crash
 * loses at most one flush interval of small steps and the moments, which restart from the catalogue's published
 * vectors. Replaying examples after a crash would apply the same steps twice, which is not better than missing
 * them; the trained model remains the durable source and a retraining supersedes everything learned online.
 */
public final class OnlineLearner {

  public sealed interface Command extends CborSerializable permits Observed, Flush, Stop {}

  /** A user engaged with {@code next} right after {@code recent} (item ids, oldest first). */
  public record Observed(List<String> recent, String next) implements Command {}

  enum Flush implements Command { INSTANCE }

  /** Sent by the singleton manager on hand-over: publish what is pending (within the usual bound), then stop. */
  enum Stop implements Command { INSTANCE }

  /** Where changed vectors go: in a node, to the item entities. */
  @FunctionalInterface
  public interface Publisher {
    void publish(String itemId, float[] vector, String source);
  }

  /**
   * @param flushInterval how often changed vectors are published
   * @param maxVectorsPerFlush the bound on item writes per interval; the rest wait for the next flush
   */
  public record Settings(OnlineItemLearner.Settings learner, Duration flushInterval, int maxVectorsPerFlush) {}

  public static final String SOURCE_PREFIX = "online-";

  /** Starts the singleton (on whichever node is oldest) and returns this node's proxy to it. */
  public static ActorRef<Command> start(ActorSystem<?> system, Settings settings, LiveCatalog catalog,
      Publisher publisher, Metrics metrics) {
    return ClusterSingleton.get(system).init(SingletonActor.of(create(settings, catalog, publisher, metrics),
        "online-learner").withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(Settings settings, LiveCatalog catalog, Publisher publisher, Metrics metrics) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Flush.INSTANCE, settings.flushInterval());
      return new OnlineLearner(ctx, settings, catalog, publisher, metrics).behavior();
    }));
  }

  private final ActorContext<Command> ctx;
  private final Settings settings;
  private final LiveCatalog catalog;
  private final Publisher publisher;
  private final Metrics metrics;
  /** Null until the catalogue has collaborative vectors; replaced when their dimension changes (a new model). */
  private OnlineItemLearner learner;

  private OnlineLearner(ActorContext<Command> ctx, Settings settings, LiveCatalog catalog, Publisher publisher,
      Metrics metrics) {
    this.ctx = ctx;
    this.settings = settings;
    this.catalog = catalog;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Observed.class, m -> {
          learn(m);
          return Behaviors.same();
        })
        .onMessageEquals(Flush.INSTANCE, () -> {
          flush();
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, () -> {
          flush();
          return Behaviors.stopped();
        })
        .build();
  }

  private void learn(Observed m) {
    VectorTable base = catalog.get().collaborative();
    if (base.size() == 0) {
      metrics.increment("pushrec_online_examples_total", "outcome=\"no-vectors\"");
      return;
    }
    if (learner == null || learner.dimension() != base.dimension()) {
      if (learner != null) {
        ctx.getLog().info("Collaborative vectors are now {}-d: online learner restarts", base.dimension());
      }
      learner = new OnlineItemLearner(settings.learner(), base.dimension());
    }
    boolean learned = !learner.learn(m.recent(), m.next(), base).skipped();
    metrics.increment("pushrec_online_examples_total", learned ? "outcome=\"learned\"" : "outcome=\"skipped\"");
  }

  private void flush() {
    if (learner == null || learner.changedItems() == 0) return;
    String source = SOURCE_PREFIX + learner.examples();
    Map<String, float[]> changed = learner.drainChanged(settings.maxVectorsPerFlush());
    changed.forEach((itemId, vector) -> publisher.publish(itemId, vector, source));
    metrics.increment("pushrec_online_vectors_published_total", "", changed.size());
    ctx.getLog().debug("Online learner published {} vectors ({} waiting)", changed.size(), learner.changedItems());
  }
}
