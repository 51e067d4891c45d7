package io.pushrec.push;

import io.pushrec.user.UserEntity;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One open WebSocket. It subscribes at the user's entity, wherever in the cluster that entity lives, and renews the
 * subscription periodically: after a node loss or a shard move the entity starts afresh elsewhere and learns about
 * the socket again within one interval. Pushes pass through the session, so each renewal tells the entity the last
 * push this socket has; the entity sends its latest push again if the socket missed it, and the session drops the
 * repeat when it did not.
 */
public final class PushSession extends AbstractBehavior<Object> {
  private enum Renew { INSTANCE }

  private record SocketClosed() {}

  private final EntityRef<UserEntity.Command> user;
  private final ActorRef<PushMessage> socket;
  private String lastPushId;

  /** @param lastPushId the last push the browser had before it (re)connected, "" for none */
  public static Behavior<Object> create(
      EntityRef<UserEntity.Command> user, ActorRef<PushMessage> socket, String lastPushId, Duration renewEvery) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Renew.INSTANCE, renewEvery);
      return new PushSession(ctx, user, socket, lastPushId);
    }));
  }

  private PushSession(ActorContext<Object> ctx, EntityRef<UserEntity.Command> user, ActorRef<PushMessage> socket,
      String lastPushId) {
    super(ctx);
    this.user = user;
    this.socket = socket;
    this.lastPushId = lastPushId;
    ctx.watchWith(socket, new SocketClosed());
    subscribe();
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(PushMessage.class, this::onPush)
        .onMessageEquals(Renew.INSTANCE, () -> {
          subscribe();
          return this;
        })
        .onMessage(SocketClosed.class, m -> {
          user.tell(new UserEntity.Unsubscribe(getContext().getSelf().narrow()));
          return Behaviors.stopped();
        })
        .build();
  }

  private Behavior<Object> onPush(PushMessage push) {
    if (!push.pushId().equals(lastPushId)) {
      lastPushId = push.pushId();
      socket.tell(push);
    }
    return this;
  }

  private void subscribe() {
    user.tell(new UserEntity.Subscribe(getContext().getSelf().narrow(), lastPushId));
  }
}
