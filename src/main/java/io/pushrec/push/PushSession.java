package io.pushrec.push;

import io.pushrec.user.UserEntity;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One open WebSocket. It subscribes the socket's outgoing queue at the user's entity, wherever in the
 * cluster that entity lives, and renews the subscription periodically: after a node loss or a shard move
 * the entity starts afresh elsewhere and learns about the socket again within one interval.
 */
public final class PushSession {
  private enum Renew { INSTANCE }

  private record SocketClosed() {}

  private PushSession() {}

  public static Behavior<Object> create(
      EntityRef<UserEntity.Command> user, ActorRef<PushMessage> socket, Duration renewEvery) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.watchWith(socket, new SocketClosed());
      user.tell(new UserEntity.Subscribe(socket));
      timers.startTimerWithFixedDelay(Renew.INSTANCE, renewEvery);
      return Behaviors.receive(Object.class)
          .onMessageEquals(Renew.INSTANCE, () -> {
            user.tell(new UserEntity.Subscribe(socket));
            return Behaviors.same();
          })
          .onMessage(SocketClosed.class, m -> {
            user.tell(new UserEntity.Unsubscribe(socket));
            return Behaviors.stopped();
          })
          .build();
    }));
  }
}
