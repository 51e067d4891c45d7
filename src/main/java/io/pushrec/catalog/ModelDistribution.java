package io.pushrec.catalog;

import io.pushrec.CborSerializable;
import io.pushrec.core.FusionModel;
import io.pushrec.core.ModelScorer;
import io.pushrec.core.SwappableScorer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One per node: loads model versions and swaps them into the node's scorer. A reload asked on any node picks
 * the newest version there and announces it on the "models" topic, so every node switches to the same
 * version; each node loads it off the actor threads and keeps serving the old one until the new one is ready.
 */
public final class ModelDistribution {

  public sealed interface Command {}

  /** Load the newest trained version and make every node use it. */
  public record Reload(ActorRef<Reloaded> replyTo) implements Command {}

  /** @param error empty when the version is in use on this node */
  public record Reloaded(String version, String error) {}

  /** The cluster-wide announcement. */
  public record UseVersion(String version) implements CborSerializable {}

  private record Announced(UseVersion use) implements Command {}

  private record Loaded(String version, FusionModel model, Throwable failure, ActorRef<Reloaded> replyTo)
      implements Command {}

  public static Behavior<Command> create(
      ModelDirectory models, SwappableScorer scorer, ActorRef<Topic.Command<UseVersion>> topic) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(UseVersion.class, Announced::new)));
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
      return Behaviors.receive(Command.class)
          .onMessage(Reload.class, r -> onReload(ctx, models, topic, blocking, r))
          .onMessage(Announced.class, a -> {
            if (!a.use().version().equals(scorer.current().name())) load(ctx, models, blocking, a.use().version(), null);
            return Behaviors.same();
          })
          .onMessage(Loaded.class, l -> onLoaded(ctx, scorer, topic, l))
          .build();
    });
  }

  private static Behavior<Command> onReload(ActorContext<Command> ctx, ModelDirectory models,
      ActorRef<Topic.Command<UseVersion>> topic, Executor blocking, Reload r) {
    Optional<String> newest;
    try {
      newest = models.newestVersion();
    } catch (Exception e) {
      r.replyTo().tell(new Reloaded("", "cannot list " + models.root() + ": " + e.getMessage()));
      return Behaviors.same();
    }
    if (newest.isEmpty()) {
      r.replyTo().tell(new Reloaded("", "no trained model under " + models.root()));
      return Behaviors.same();
    }
    load(ctx, models, blocking, newest.get(), r.replyTo());
    return Behaviors.same();
  }

  private static void load(ActorContext<Command> ctx, ModelDirectory models, Executor blocking, String version,
      ActorRef<Reloaded> replyTo) {
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return models.load(version);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, blocking), (model, failure) -> new Loaded(version, model, failure, replyTo));
  }

  private static Behavior<Command> onLoaded(ActorContext<Command> ctx, SwappableScorer scorer,
      ActorRef<Topic.Command<UseVersion>> topic, Loaded l) {
    if (l.failure() != null) {
      ctx.getLog().error("Model version {} could not be loaded: {}", l.version(), l.failure().getMessage());
      if (l.replyTo() != null) l.replyTo().tell(new Reloaded(l.version(), l.failure().getMessage()));
      return Behaviors.same();
    }
    scorer.swap(l.version(), new ModelScorer(l.model()));
    ctx.getLog().info("Now scoring with model version {} ({} items)", l.version(), l.model().numItems());
    if (l.replyTo() != null) {
      topic.tell(Topic.publish(new UseVersion(l.version())));
      l.replyTo().tell(new Reloaded(l.version(), ""));
    }
    return Behaviors.same();
  }
}
