package io.pushrec.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.pushrec.catalog.CatalogReplica;
import io.pushrec.catalog.ItemEntity;
import io.pushrec.catalog.JournalItemHistory;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.catalog.ModelDirectory;
import io.pushrec.catalog.ModelDistribution;
import io.pushrec.catalog.OnlineLearner;
import io.pushrec.catalog.MiniLmTextEncoder;
import io.pushrec.cluster.ClusterFormation;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.CoVisitationScorer;
import io.pushrec.core.FusionModel;
import io.pushrec.core.ModelScorer;
import io.pushrec.core.OnlineItemLearner;
import io.pushrec.core.SwappableScorer;
import io.pushrec.core.InteractionLog;
import io.pushrec.http.AdminRoutes;
import io.pushrec.core.Experiment;
import io.pushrec.experiment.ExperimentEntity;
import io.pushrec.experiment.OutcomeBatcher;
import io.pushrec.http.PushRoutes;
import io.pushrec.core.ItemVectorScorer;
import io.pushrec.core.RidgeProjection;
import io.pushrec.http.ApiRoutes;
import io.pushrec.http.ShardRouting;
import io.pushrec.metrics.Metrics;
import io.pushrec.user.EventRecorder;
import io.pushrec.user.FreshestRankings;
import io.pushrec.user.CatalogFeedback;
import io.pushrec.user.UserDependencies;
import io.pushrec.user.UserEntity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one pushrec node: actor system and cluster membership, the sharded user and item entities, the
 * catalogue replica, and the HTTP edge. Holds no logic of its own.
 */
public final class PushrecNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PushrecNode.class);
  /** A node's push outcomes reach the experiment's counts in batches of at most this many, at most this late. */
  private static final int OUTCOME_BATCH = 500;
  private static final Duration OUTCOME_BATCH_DELAY = Duration.ofMillis(200);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final CompletableFuture<Void> ready;
  private final LiveCatalog catalog;
  private final Metrics metrics;

  private PushrecNode(ActorSystem<Void> system, ServerBinding binding, CompletableFuture<Void> ready,
      LiveCatalog catalog, Metrics metrics) {
    this.system = system;
    this.binding = binding;
    this.ready = ready;
    this.catalog = catalog;
    this.metrics = metrics;
  }

  /**
   * A node's configuration: system properties over {@code layer} (command-line settings, a node file) over
   * application.conf over the libraries' defaults, resolved once at the end, so settings that application.conf
   * derives from others (the user journal copies the Cassandra plugin's) follow what the layer changed.
   */
  public static Config configuration(Config layer) {
    return ConfigFactory.load(layer.withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
  }

  /**
   * Starts the node and binds HTTP; {@link #ready()} completes once the catalogue replica is rebuilt and the node is
   * an Up member of its cluster.
   */
  public static PushrecNode start(Config config) throws Exception {
    rejectReplacedSettings(config, System.getenv());
    Config pushrec = config.getConfig("pushrec");
    CoVisitationModel model = trainSeedModel(pushrec);
    ModelDirectory models = new ModelDirectory(Path.of(pushrec.getString("model-dir")));
    SwappableScorer scorer = initialScorer(models);
    List<Address> seeds = config.getStringList("pekko.cluster.seed-nodes").stream()
        .map(AddressFromURIString::parse).toList();
    // ClusterFormation joins the seeds itself; Pekko's join would let the first seed form a second cluster.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pushrec", ShardRouting.announcing(config)
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(List.of())));
    try {
      Cluster cluster = Cluster.get(system);
      if (seeds.isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      } else {
        Config formation = pushrec.getConfig("cluster-formation");
        ClusterFormation.start(system, seeds, new ClusterFormation.Settings(formation.getDuration("record-interval"),
            formation.getDuration("record-time-to-live"), formation.getDuration("form-after")));
      }
      Metrics metrics = new Metrics();
      metrics.describe("pushrec_push_outcomes_total", "Pushes sent, seen, clicked and dismissed, by A/B variant.");
      metrics.describe("pushrec_ranking_wait_seconds", "How long a user's ranking waited for a ranking thread.");
      metrics.describe("pushrec_ranking_seconds", "How long a ranking took on its thread.");
      metrics.describe("pushrec_user_recovery_seconds", "How long a user's state took to recover from Cassandra "
          + "(snapshot, then events), which the user's first event after a start, a passivation or a shard move waits for.");
      metrics.describe("pushrec_ranking_cpu_seconds", "CPU time of a ranking's thread while it ranked; far below "
          + "pushrec_ranking_seconds means the thread waited for a core.");
      LiveCatalog catalog = new LiveCatalog(CatalogSnapshot.empty().withModel(model));
      ClusterSharding sharding = ClusterSharding.get(system);

      ActorRef<Topic.Command<ItemEntity.ItemChanged>> topic =
          system.systemActorOf(Topic.create(ItemEntity.ItemChanged.class, "catalog-items"), "catalog-topic", Props.empty());
      ItemEntity.Dependencies itemDeps = itemDependencies(system, pushrec.getConfig("catalog"), topic);
      sharding.init(Entity.of(ItemEntity.TYPE_KEY, ctx -> ItemEntity.create(ctx.getEntityId(), itemDeps)));

      sharding.init(Entity.of(ExperimentEntity.TYPE_KEY, ctx -> ExperimentEntity.create(ctx.getEntityId())));
      Experiment experiment = PushSettings.experiment(pushrec.getConfig("experiment"));
      EntityRef<ExperimentEntity.Command> experimentCounts =
          sharding.entityRefFor(ExperimentEntity.TYPE_KEY, experiment.name());
      ActorRef<OutcomeBatcher.Command> outcomes = system.systemActorOf(
          OutcomeBatcher.create(experimentCounts, OUTCOME_BATCH, OUTCOME_BATCH_DELAY), "experiment-outcomes",
          Props.empty());
      UserDependencies deps = new UserDependencies(catalog, new ItemVectorScorer(scorer),
          PushSettings.policy(pushrec.getConfig("push")), metrics,
          itemId -> sharding.entityRefFor(ItemEntity.TYPE_KEY, itemId).tell(new ItemEntity.Observe()),
          experiment, PushSettings.churn(pushrec.getConfig("push.churn")),
          outcome -> outcomes.tell(new OutcomeBatcher.Add(outcome)),
          catalogFeedback(system, sharding, pushrec.getConfig("catalog.online-learner"), catalog, metrics),
          rankingPool(system, pushrec.getConfig("push")), pushrec.getString("user-journal"));
      sharding.init(Entity.of(UserEntity.TYPE_KEY, ctx -> UserEntity.create(ctx.getEntityId(), deps))
          .withStopMessage(new UserEntity.Stop()));

      CompletableFuture<Void> catalogueRebuilt = new CompletableFuture<>();
      String journalId = CassandraReadJournal.Identifier();
      system.systemActorOf(CatalogReplica.create(catalog, topic, JournalItemHistory.of(system, journalId),
          pushrec.getBytes("catalog.ann-above-size"), () -> catalogueRebuilt.complete(null)),
          "catalog-replica", Props.empty());
      // The first seed of a new cluster forms it only seconds after its start (ClusterFormation), so a node is
      // ready once it is an Up member too, as GET /health/ready says.
      CompletableFuture<Void> up = new CompletableFuture<>();
      org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
      CompletableFuture<Void> ready = catalogueRebuilt.thenCombine(up, (rebuilt, isUp) -> null);

      ActorRef<Topic.Command<ModelDistribution.UseVersion>> modelTopic = system.systemActorOf(
          Topic.create(ModelDistribution.UseVersion.class, "models"), "model-topic", Props.empty());
      ActorRef<ModelDistribution.Command> modelDistribution = system.systemActorOf(
          ModelDistribution.create(models, scorer, modelTopic), "model-distribution", Props.empty());

      Config http = pushrec.getConfig("http");
      // Ready for traffic once the catalogue is rebuilt and the node is a full member (its shards can be allocated).
      EventRecorder recorder = new EventRecorder(system, sharding,
          config.getInt("pekko.cluster.sharding.number-of-shards"), http.getDuration("ask-timeout"));
      ApiRoutes routes = new ApiRoutes(system, sharding, recorder, catalog, metrics,
          () -> catalogueRebuilt.isDone() && cluster.selfMember().status() == MemberStatus.up(),
          new ApiRoutes.Settings(
          http.getDuration("ask-timeout"), http.getDuration("read-timeout"), http.getInt("max-in-flight-events"),
          http.getInt("max-events-per-request"), http.getDuration("max-future-skew"),
          pushrec.getDuration("push.resubscribe-interval"),
          config.getBytes("pekko.http.server.parsing.max-content-length"), http.getDuration("admission-target-latency")));
      PushRoutes pushRoutes = new PushRoutes(sharding, experiment, http.getDuration("ask-timeout"));
      ServerBinding binding = Http.get(system).newServerAt(http.getString("host"), http.getInt("port"))
          .bind(routes.routes(new AdminRoutes(system, modelDistribution).routes(), pushRoutes.routes()))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      log.info("pushrec node listening on http://{}", binding.localAddress().getHostString() + ":" + binding.localAddress().getPort());
      return new PushrecNode(system, binding, ready, catalog, metrics);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /** A setting renamed because its meaning changed, and the variable that set it. */
  private record ReplacedSetting(String path, String variable, String replacement) {}

  private static final List<ReplacedSetting> REPLACED_SETTINGS = List.of(new ReplacedSetting(
      "pushrec.catalog.ann-above", "PUSHREC_ANN_ABOVE",
      "pushrec.catalog.ann-above-size (PUSHREC_ANN_ABOVE_SIZE), a size of vectors such as 8MiB, not a count of items"));

  /**
   * Configuration has no notion of a removed key: a deployment that still sets an old name would run on a default
   * it did not choose, without a word. It gets a start-up error that names the replacement instead.
   */
  static void rejectReplacedSettings(Config config, Map<String, String> environment) {
    for (ReplacedSetting replaced : REPLACED_SETTINGS) {
      if (config.hasPath(replaced.path()) || environment.containsKey(replaced.variable())) {
        throw new IllegalArgumentException(replaced.path() + " (" + replaced.variable() + ") is no longer read: set "
            + replaced.replacement());
      }
    }
  }

  private static CoVisitationModel trainSeedModel(Config pushrec) throws IOException {
    String seedLog = pushrec.getString("seed-log");
    if (seedLog.isBlank()) return CoVisitationModel.EMPTY;
    Path file = Path.of(seedLog);
    if (!Files.isRegularFile(file)) throw new IOException("pushrec.seed-log: no such file " + file.toAbsolutePath());
    InteractionLog.Format format = InteractionLog.Format.valueOf(pushrec.getString("seed-log-format").toUpperCase(Locale.ROOT));
    long started = System.nanoTime();
    Map<String, List<String>> sequences = InteractionLog.read(file, format);
    CoVisitationModel model = CoVisitationModel.train(sequences.values(), 3, 100);
    log.info("Co-visitation model learned from {} ({} users, {} items with neighbours) in {} ms", file,
        sequences.size(), model.itemsWithNeighbours(), (System.nanoTime() - started) / 1_000_000);
    return model;
  }

  /**
   * The newest trained model when there is one; otherwise the co-visitation scorer learned from the seed log,
   * so a fresh install recommends something before its first training.
   */
  private static SwappableScorer initialScorer(ModelDirectory models) throws IOException {
    Optional<String> version = models.newestVersion();
    if (version.isEmpty()) return new SwappableScorer("seed-log", new CoVisitationScorer());
    long started = System.nanoTime();
    FusionModel model = models.load(version.get());
    log.info("Scoring with model version {} from {} ({} items, loaded in {} ms)", version.get(), models.root(),
        model.numItems(), (System.nanoTime() - started) / 1_000_000);
    return new SwappableScorer(version.get(), new ModelScorer(model));
  }

  /** A bounded queue that a thread pool drains newest first: offers go to the front, takes come from the front. */
  private static final class NewestFirstQueue extends LinkedBlockingDeque<Runnable> {
    NewestFirstQueue(int capacity) {
      super(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
      return offerFirst(task);
    }
  }

  /**
   * Bounded, freshest first: when it is full the stalest waiting ranking is dropped (see FreshestRankings). Two
   * threads at least: where the node shares few cores with Cassandra, a lone ranking thread waited for a core far
   * longer than it ranked, and that wait was most of a push's latency (docs/benchmarks.md, "Two ranking threads").
   */
  private static ExecutorService rankingPool(ActorSystem<?> system, Config push) {
    int configured = push.getInt("ranking-threads");
    int threads = configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
    AtomicInteger created = new AtomicInteger();
    ExecutorService pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
        new FreshestRankings(push.getInt("ranking-queue")), task -> {
          Thread thread = new Thread(task, "ranking-" + created.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    system.getWhenTerminated().thenRun(pool::shutdown);
    return pool;
  }

  /**
   * Item text is encoded on a small pool of its own with a bounded queue, so a bulk import can neither starve the
   * actors' dispatcher nor pile up unbounded work; an encoding refused when the queue is full is retried by the
   * item's next upsert. The newest request is taken first: an item a shop adds by hand during a bulk import (the
   * demo's first start encodes 4,385 titles) is recommendable at once instead of minutes later, and the import's
   * order does not matter.
   */
  private static ItemEntity.Dependencies itemDependencies(ActorSystem<?> system, Config catalog,
      ActorRef<Topic.Command<ItemEntity.ItemChanged>> topic) throws IOException {
    int threads = catalog.getInt("encoder-threads");
    ExecutorService pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new NewestFirstQueue(catalog.getInt("encoder-queue")), r -> {
          Thread t = new Thread(r, "item-text-encoder");
          t.setDaemon(true);
          return t;
        });
    system.getWhenTerminated().thenRun(pool::shutdownNow);
    String file = catalog.getString("projection");
    RidgeProjection projection = file.isBlank() ? null : RidgeProjection.load(Path.of(file));
    if (projection != null) {
      log.info("Content projection {} → {} dimensions loaded from {}", projection.inputDimension(),
          projection.outputDimension(), file);
    }
    MiniLmTextEncoder encoder = new MiniLmTextEncoder();
    // Loading the model and the first inferences take seconds; paid here, in the background, a shop's first new
    // item after a start is recommendable as fast as the next one.
    pool.execute(() -> encoder.embed("warm up the text encoder"));
    return new ItemEntity.Dependencies(topic, encoder, pool, () -> projection);
  }

  /**
   * Purchases go to the item's sales count; with the online learner enabled, every engagement also goes to the
   * cluster's learner singleton (started here on every node; it runs on the oldest).
   */
  private static CatalogFeedback catalogFeedback(ActorSystem<?> system, ClusterSharding sharding,
      Config learnerConfig, LiveCatalog catalog, Metrics metrics) {
    ActorRef<OnlineLearner.Command> learner = learnerConfig.getBoolean("enabled")
        ? OnlineLearner.start(system, onlineSettings(learnerConfig), catalog, (itemId, vector, source) ->
            sharding.entityRefFor(ItemEntity.TYPE_KEY, itemId)
                .tell(new ItemEntity.SetCollaborative(vector, source, system.ignoreRef())), metrics)
        : null;
    return new CatalogFeedback() {
      @Override
      public void followed(List<String> recentItems, String nextItem) {
        if (learner != null) learner.tell(new OnlineLearner.Observed(recentItems, nextItem));
      }

      @Override
      public void purchased(String itemId, int count) {
        sharding.entityRefFor(ItemEntity.TYPE_KEY, itemId).tell(new ItemEntity.RecordSales(count));
      }
    };
  }

  private static OnlineLearner.Settings onlineSettings(Config c) {
    return new OnlineLearner.Settings(new OnlineItemLearner.Settings(c.getDouble("learning-rate"), c.getInt("negatives"),
        c.getInt("max-tracked-items"), c.getLong("seed")), c.getDuration("flush-interval"), c.getInt("max-vectors-per-flush"));
  }

  public CompletableFuture<Void> ready() {
    return ready;
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public LiveCatalog catalog() {
    return catalog;
  }

  public Metrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    try {
      binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP did not unbind cleanly: {}", e.toString());
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Actor system did not terminate in time: {}", e.toString());
    }
  }
}
