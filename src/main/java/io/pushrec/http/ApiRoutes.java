package io.pushrec.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushrec.SameThread;
import io.pushrec.catalog.ItemEntity;
import io.pushrec.catalog.LiveCatalog;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.ItemFilter;
import io.pushrec.metrics.Metrics;
import io.pushrec.push.PushMessage;
import io.pushrec.push.PushSession;
import io.pushrec.user.EventRecorder;
import io.pushrec.user.UserEntity;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The HTTP edge: validates input, then talks to the sharded entities through typed asks. Every error,
 * including Pekko's own rejections, is answered with a JSON body.
 */
public final class ApiRoutes extends AllDirectives {

  /**
   * @param askTimeout how long a request waits for its events to be persisted
   * @param readTimeout how long a read of a user's recommendations or summary waits for the user
   * @param admissionTargetLatency answers slower than this shrink the number of events admitted at once
   */
  public record Settings(Duration askTimeout, Duration readTimeout, int maxInFlightEvents, int maxEventsPerRequest,
      Duration maxFutureSkew, Duration resubscribeInterval, long maxBodyBytes, Duration admissionTargetLatency) {}

  static final int MAX_RECOMMENDATIONS = 100;
  static final int MAX_ITEM_PAGE = 1000;
  private static final int SOCKET_BUFFER = 32;
  /** Oversized bodies up to this declared length are read and dropped before their 413 (see strictBody). */
  private static final long MAX_DISCARDED_BODY_BYTES = 16L << 20;
  /** The admission limit never shrinks below this many events, so a slow node still serves a steady trickle. */
  private static final int MIN_ADMITTED_EVENTS = 50;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final LiveCatalog catalog;
  private final Metrics metrics;
  private final BooleanSupplier ready;
  private final Settings settings;
  private final EventParser parser;
  private final AdmissionLimit admission;
  private final EventRecorder recorder;

  public ApiRoutes(ActorSystem<?> system, ClusterSharding sharding, EventRecorder recorder, LiveCatalog catalog,
      Metrics metrics, BooleanSupplier ready, Settings settings) {
    this.system = system;
    this.sharding = sharding;
    this.recorder = recorder;
    this.catalog = catalog;
    this.metrics = metrics;
    this.ready = ready;
    this.settings = settings;
    this.parser = new EventParser(Clock.systemUTC(), settings.maxFutureSkew(), settings.maxEventsPerRequest());
    this.admission = new AdmissionLimit(Math.min(MIN_ADMITTED_EVENTS, settings.maxInFlightEvents()),
        settings.maxInFlightEvents(), settings.admissionTargetLatency().toNanos());
    metrics.describe("pushrec_events_accepted_total", "Behaviour events persisted and acknowledged.");
    metrics.describe("pushrec_events_duplicate_total", "Events whose eventId this user already had.");
    metrics.describe("pushrec_events_rejected_total", "Requests to /v1/events rejected, by reason.");
    metrics.describe("pushrec_pushes_total", "Pushes decided and sent to the user's open tabs.");
    metrics.describe("pushrec_pushes_suppressed_total", "Rescores that did not lead to a push, by reason.");
    metrics.describe("pushrec_events_request_seconds", "Time from receiving POST /v1/events to its answer.");
    // Read by `pushrec bench` to put the node's CPU and heap next to its throughput.
    metrics.gauge("process_cpu_seconds_total", "CPU time used by this JVM.", () ->
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
    // On two busy cores the compiler takes minutes to settle after a start; until then a node is not at full speed.
    metrics.gauge("jvm_jit_compilation_seconds_total", "Time spent compiling by the JIT compiler threads, summed.",
        () -> ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3);
    metrics.gauge("jvm_heap_used_bytes", "Heap in use.", () ->
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    metrics.gauge("pushrec_events_in_flight", "Events being persisted now.", admission::inFlight);
    metrics.gauge("pushrec_events_admission_limit", "Events admitted at once before new requests get a 503.",
        admission::limit);
  }

  /** @param more routes under /v1 of other rooms (push, administration) that share this edge's JSON errors */
  public Route routes(Route... more) {
    Route others = more.length == 0 ? reject() : concat(more[0], java.util.Arrays.copyOfRange(more, 1, more.length));
    return handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), () -> concat(
        pathPrefix("v1", () -> concat(
            others,
            path("events", () -> post(this::postEvents)),
            // The benchmark's reference: the same HTTP stack and body, but no parsing, actors or Cassandra.
            path("noop", () -> post(() -> strictBody(entity -> json(200, "{}")))),
            path("routing", () -> get(this::routing)),
            pathPrefix("users", () -> pathPrefix(PathMatchers.segment(), userId -> concat(
                path("recommendations", () -> get(() -> recommendations(userId))),
                path("push", () -> get(() -> push(userId))),
                pathEnd(() -> get(() -> userSummary(userId)))))),
            pathPrefix("items", () -> concat(
                pathEnd(() -> get(this::listItems)),
                path(PathMatchers.segment(), itemId -> concat(
                    put(() -> putItem(itemId)),
                    get(() -> getItem(itemId)))))))),
        path(PathMatchers.segment("health").slash("ready"), () -> get(this::readiness)),
        path(PathMatchers.segment("health").slash("alive"), () -> get(() -> json(200, "{\"status\":\"alive\"}"))),
        path("metrics", () -> get(() -> complete(HttpResponse.create()
            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, metrics.render())))),
        pathSingleSlash(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8)),
        pathPrefix("web", () -> getFromResourceDirectory("web")))));
  }

  private Route routing() {
    Set<Member> serving = recorder.servingMembers();
    return json(200, ShardRouting.table(recorder.homesByShard(serving), serving));
  }

  // --- events ---

  private Route postEvents() {
    long started = System.nanoTime();
    return strictBody(entity -> {
      List<EventParser.UserEvent> events;
      try {
        events = parser.parse(entity.getData().utf8String());
      } catch (ApiError e) {
        metrics.increment("pushrec_events_rejected_total", "reason=\"invalid\"");
        throw e;
      }
      String unreachable = firstWithUnreachableHome(events.stream().map(EventParser.UserEvent::userId));
      if (unreachable != null) {
        metrics.increment("pushrec_events_rejected_total", "reason=\"unreachable\"");
        return homeUnreachable(unreachable, "; retry shortly with the same eventIds");
      }
      if (!admission.tryAdmit(events.size())) {
        metrics.increment("pushrec_events_rejected_total", "reason=\"overloaded\"");
        return retryShortly("node is saturated; retry shortly with the same eventIds");
      }
      long admitted = System.nanoTime();
      CompletionStage<HttpResponse> response = record(events).handle((counts, failure) -> {
        long now = System.nanoTime();
        admission.completed(events.size(), now - admitted, now);
        metrics.observeSeconds("pushrec_events_request_seconds", (now - started) / 1e9);
        if (failure != null) {
          metrics.increment("pushrec_events_rejected_total", "reason=\"timeout\"");
          return jsonResponse(503, Json.error(
              "events were not all persisted in time; retry with the same eventIds, duplicates are not counted"));
        }
        metrics.increment("pushrec_events_accepted_total", "", counts[0]);
        metrics.increment("pushrec_events_duplicate_total", "", counts[1]);
        return jsonResponse(200, "{\"accepted\":" + counts[0] + ",\"duplicates\":" + counts[1] + "}");
      });
      return completeWithFuture(response);
    });
  }

  private String firstWithUnreachableHome(Stream<String> userIds) {
    return userIds.filter(recorder::homeUnreachable).findFirst().orElse(null);
  }

  /** While a dead node's users wait for the cluster to move them, seconds, their clients retry rather than wait. */
  private Route homeUnreachable(String userId, String advice) {
    return retryShortly("the node holding user '" + userId + "' is unreachable; its users move to the other nodes"
        + " within seconds" + advice);
  }

  /** A 503 answered at once, before anything is sent to a user: the client may retry in a second. */
  private Route retryShortly(String error) {
    return complete(HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
        .addHeader(RetryAfter.create(1L))
        .withEntity(ContentTypes.APPLICATION_JSON, Json.error(error)));
  }

  /** Each user gets its own events in one command; answers the sums: {accepted, duplicates}. */
  private CompletionStage<int[]> record(List<EventParser.UserEvent> events) {
    Map<String, List<BehaviourEvent>> byUser = new LinkedHashMap<>();
    for (EventParser.UserEvent e : events) byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e.event());
    return recorder.record(byUser).thenApply(r -> new int[] {r.accepted(), r.duplicates()});
  }

  // --- users ---

  private Route recommendations(String userId) {
    return parameterOptional("k", kParam -> parameterOptional("category", category ->
        parameterOptional("boostBrand", boostBrand -> parameterOptional("boostCategory", boostCategory ->
            parameterOptional("boost", boostParam -> {
              int k = intParam(kParam, "k", 10, 1, MAX_RECOMMENDATIONS);
              validateId(userId, "userId");
              if (recorder.homeUnreachable(userId)) return homeUnreachable(userId, "; retry shortly");
              ItemFilter filter = new ItemFilter(category.orElse(""), boostBrand.orElse(""), boostCategory.orElse(""),
                  intParam(boostParam, "boost", 50, 0, 1000) / 100.0);
              CompletionStage<HttpResponse> response = user(userId)
                  .<UserEntity.Recommendations>ask(replyTo -> new UserEntity.GetRecommendations(k, filter, replyTo),
                      settings.readTimeout())
                  .thenApplyAsync(r -> jsonResponse(200, Json.write(r)), SameThread.EXECUTOR);
              return completeWithFuture(response);
            })))));
  }

  private Route userSummary(String userId) {
    validateId(userId, "userId");
    if (recorder.homeUnreachable(userId)) return homeUnreachable(userId, "; retry shortly");
    return completeWithFuture(user(userId)
        .<UserEntity.Summary>ask(UserEntity.GetSummary::new, settings.readTimeout())
        .thenApplyAsync(s -> jsonResponse(200, Json.write(s)), SameThread.EXECUTOR));
  }

  /**
   * The user's push channel: a WebSocket that receives every push for this user, from whichever node scores it.
   * A reconnecting page passes {@code ?lastPushId=} and is sent the latest push at once if it missed it.
   */
  private Route push(String userId) {
    return optionalHeaderValueByName("Accept-Language", acceptLanguage -> push(userId, acceptLanguage));
  }

  private Route push(String userId, Optional<String> acceptLanguage) {
    validateId(userId, "userId");
    return parameterOptional("lastPushId", lastPushId -> pushSocket(userId, lastPushId.orElse(""), acceptLanguage));
  }

  private Route pushSocket(String userId, String lastPushId, Optional<String> acceptLanguage) {
    EntityRef<UserEntity.Command> user = user(userId);
    Source<Message, NotUsed> pushes = ActorSource.<PushMessage>actorRef(
            m -> false, m -> Optional.empty(), SOCKET_BUFFER, OverflowStrategy.dropHead())
        .mapMaterializedValue(socket -> {
          system.systemActorOf(PushSession.create(user, socket, lastPushId, settings.resubscribeInterval()),
              "push-session-" + UUID.randomUUID(), Props.empty());
          return NotUsed.notUsed();
        })
        .map(m -> (Message) TextMessage.create(Json.write(m.localized(acceptLanguage.orElse(null)))))
        .prepend(Source.single(TextMessage.create("{\"type\":\"hello\",\"userId\":" + Json.write(userId) + "}")));
    Sink<Message, NotUsed> ignoreIncoming = Flow.<Message>create()
        .mapAsync(1, m -> m.isText()
            ? m.asTextMessage().getStreamedText().runWith(Sink.ignore(), system)
            : m.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), system))
        .to(Sink.ignore());
    return handleWebSocketMessages(Flow.fromSinkAndSourceCoupled(ignoreIncoming, pushes));
  }

  private EntityRef<UserEntity.Command> user(String userId) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, userId);
  }

  // --- items ---

  private Route putItem(String itemId) {
    return strictBody(entity -> {
      CatalogItem item = ItemParser.parse(itemId, entity.getData().utf8String());
      return completeWithFuture(sharding.entityRefFor(ItemEntity.TYPE_KEY, itemId)
          .<ItemEntity.Saved>ask(replyTo -> new ItemEntity.Upsert(item, replyTo), settings.askTimeout())
          .thenApplyAsync(saved -> jsonResponse(200, Json.write(saved)), SameThread.EXECUTOR));
    });
  }

  private Route getItem(String itemId) {
    CatalogItem item = catalog.get().item(itemId);
    if (item == null) return json(404, Json.error("no item '" + itemId + "' in the catalogue"));
    return json(200, Json.write(item));
  }

  private Route listItems() {
    return parameterOptional("limit", limitParam -> parameterOptional("offset", offsetParam ->
        parameterOptional("category", category -> {
          int limit = intParam(limitParam, "limit", 100, 1, MAX_ITEM_PAGE);
          int offset = intParam(offsetParam, "offset", 0, 0, Integer.MAX_VALUE);
          CatalogSnapshot snapshot = catalog.get();
          List<CatalogItem> matching = snapshot.items().stream()
              .filter(i -> category.map(c -> c.equals(i.category())).orElse(true))
              .sorted(Comparator.comparingInt((CatalogItem i) -> snapshot.model().popularity(i.itemId())).reversed()
                  .thenComparing(CatalogItem::itemId))
              .toList();
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("total", matching.size());
          ArrayNode items = body.putArray("items");
          matching.stream().skip(offset).limit(limit).forEach(i -> items.addPOJO(i));
          return json(200, Json.write(body));
        })));
  }

  // --- health ---

  private Route readiness() {
    return ready.getAsBoolean()
        ? json(200, "{\"status\":\"ready\",\"items\":" + catalog.get().size() + "}")
        : json(503, "{\"status\":\"starting\"}");
  }

  // --- helpers ---

  /** The whole body; one whose declared length is over the limit gets 413 without being parsed. */
  private Route strictBody(java.util.function.Function<HttpEntity.Strict, Route> inner) {
    return extractRequestEntity(entity -> {
      long declared = entity.getContentLengthOption().orElse(0L);
      if (declared > settings.maxBodyBytes()) {
        Route refuse = bodyTooLarge();
        // Answered before the body is read, the connection is closed on bytes the client is still sending, and the
        // reset that follows can destroy the 413 on its way: 10 of 200 posts of 3 MB got a reset instead of their
        // answer. A body of moderate size is read and dropped first, so that its sender gets the reason.
        if (declared > MAX_DISCARDED_BODY_BYTES) return refuse;
        return extractMaterializer(materializer -> onComplete(
            entity.withoutSizeLimit().discardBytes(materializer).completionStage(), discarded -> refuse));
      }
      // A body that arrived whole is used as it is: toStrict on it still runs a stream, an actor started and
      // stopped per request, 2-3 % of a node's CPU at 1,000 events/s in JFR (docs/benchmarks.md).
      if (entity instanceof HttpEntity.Strict strict) return inner.apply(strict);
      return extractStrictEntity(Duration.ofSeconds(10), settings.maxBodyBytes(), inner);
    });
  }

  private static int intParam(Optional<String> raw, String name, int fallback, int min, int max) {
    if (raw.isEmpty()) return fallback;
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= min && value <= max) return value;
    } catch (NumberFormatException ignored) {
      // answered below, with the allowed range
    }
    throw ApiError.badRequest(name, "must be an integer from " + min + " to " + max);
  }

  static void validateId(String id, String field) {
    if (id.isBlank() || id.length() > EventParser.MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.badRequest(field, "must be 1 to " + EventParser.MAX_ID_LENGTH + " printable characters");
    }
  }

  private Route bodyTooLarge() {
    return json(413, Json.error("request body is larger than " + settings.maxBodyBytes() + " bytes"));
  }

  private Route json(int status, String body) {
    return complete(jsonResponse(status, body));
  }

  private static HttpResponse jsonResponse(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(ApiError.class, e -> json(e.status(), Json.error(e)))
        .match(EntityStreamSizeException.class, e -> bodyTooLarge())
        .match(IllegalRequestException.class, e -> json(e.status().intValue(), Json.error(e.info().summary())))
        .match(TimeoutException.class, e -> json(503, Json.error("timed out; retry shortly")))
        .match(CompletionException.class, e -> e.getCause() instanceof TimeoutException
            ? json(503, Json.error("timed out; retry shortly"))
            : internalError(e))
        .matchAny(this::internalError)
        .build();
  }

  private Route internalError(Throwable e) {
    system.log().error("Unhandled error in HTTP route", e);
    return json(500, Json.error("internal error"));
  }

  /** Pekko's own rejections (wrong method, unknown path, ...) keep their status but get a JSON body. */
  private static RejectionHandler rejectionHandler() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict
          && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
        return response.withEntity(ContentTypes.APPLICATION_JSON, Json.error(strict.getData().utf8String()));
      }
      return response;
    });
  }
}
