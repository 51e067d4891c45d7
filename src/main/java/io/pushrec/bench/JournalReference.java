package io.pushrec.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The framework's limit for pushrec's writes: events of the raw loop's size written through Pekko persistence and
 * the Cassandra plugin, configured as pushrec's user journal, by plain event-sourced entities that do nothing but
 * persist. It sits between {@link CassandraReference} and pushrec: the gap from the raw loop to it is what every
 * event pays for going through an entity and the plugin, and the gap from it to pushrec is pushrec's own work (HTTP,
 * the interest state, rankings and pushes).
 *
 * <p>Each user is recovered by one untimed write first, so the run measures writes, not recoveries.
 */
public final class JournalReference {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final String JOURNAL = "pushrec-users-cassandra";

  public record Settings(InetSocketAddress cassandra, String datacenter, String keyspace, int concurrency,
      Duration duration, long maxWrites, int eventBytes, int users) {}

  private record Write(ActorRef<Done> replyTo) {}

  /** One user: every {@link Write} persists the run's event and is answered once it is written. */
  private static final class Writer extends EventSourcedBehavior<Write, byte[], Long> {
    private final byte[] event;

    Writer(PersistenceId id, byte[] event) {
      super(id);
      this.event = event;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<Write, byte[], Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Write.class, (count, write) -> Effect().persist(event).thenReply(write.replyTo(), c -> Done.done()))
          .build();
    }

    @Override
    public EventHandler<Long, byte[]> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((count, e) -> count + 1);
    }
  }

  private JournalReference() {}

  public static Measurement run(Settings settings) throws InterruptedException {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "journal-reference", config(settings));
    try {
      String run = Long.toString(System.currentTimeMillis(), 36);
      byte[] event = new byte[settings.eventBytes()];
      new SplittableRandom(1).nextBytes(event);
      List<ActorRef<Write>> users = new ArrayList<>(settings.users());
      for (int i = 0; i < settings.users(); i++) {
        PersistenceId id = PersistenceId.ofUniqueId("Reference|" + run + "-" + i);
        users.add(system.systemActorOf(Behaviors.setup(ctx -> new Writer(id, event)), "user-" + i, Props.empty()));
      }
      recoverAll(system, users);

      SplittableRandom random = new SplittableRandom(2);
      return ClosedLoop.run("journal", settings.concurrency(), settings.duration(), settings.maxWrites(),
          () -> AskPattern.<Write, Done>ask(users.get(random.nextInt(users.size())), Write::new, ASK_TIMEOUT,
              system.scheduler()));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** One write per user, all at once, before the clock starts: a user's first write waits for its recovery. */
  private static void recoverAll(ActorSystem<Void> system, List<ActorRef<Write>> users) {
    CompletableFuture<?>[] first = users.stream()
        .map(u -> AskPattern.<Write, Done>ask(u, Write::new, Duration.ofMinutes(1), system.scheduler())
            .toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(first).join();
  }

  /**
   * pushrec's own configuration, with the user journal (no tags, no deletion marker, no persistence-id list) as the
   * default plugins, writing to a scratch keyspace it may create, in a plain local actor system.
   */
  private static Config config(Settings settings) {
    String cassandra = settings.cassandra().getHostString() + ":" + settings.cassandra().getPort();
    return ConfigFactory.parseMap(Map.ofEntries(
            Map.entry("pekko.actor.provider", "local"),
            Map.entry("pekko.loglevel", "WARNING"),
            Map.entry("pekko.persistence.journal.plugin", JOURNAL + ".journal"),
            Map.entry("pekko.persistence.snapshot-store.plugin", JOURNAL + ".snapshot"),
            Map.entry(JOURNAL + ".journal.keyspace", settings.keyspace()),
            Map.entry(JOURNAL + ".journal.keyspace-autocreate", true),
            Map.entry(JOURNAL + ".journal.tables-autocreate", true),
            Map.entry(JOURNAL + ".snapshot.keyspace", settings.keyspace() + "_snapshot"),
            Map.entry(JOURNAL + ".snapshot.keyspace-autocreate", true),
            Map.entry(JOURNAL + ".snapshot.tables-autocreate", true),
            Map.entry("datastax-java-driver.basic.contact-points", List.of(cassandra)),
            Map.entry("datastax-java-driver.basic.load-balancing-policy.local-datacenter", settings.datacenter())))
        .withFallback(ConfigFactory.load());
  }
}
