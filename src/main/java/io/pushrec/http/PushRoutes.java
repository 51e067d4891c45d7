package io.pushrec.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushrec.SameThread;
import io.pushrec.core.Experiment;
import io.pushrec.core.ExperimentReport;
import io.pushrec.core.Preferences;
import io.pushrec.experiment.ExperimentEntity;
import io.pushrec.user.UserEntity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The push side of the API: a user's preferences and profile, and the A/B report. Mounted under /v1 by
 * {@link ApiRoutes#routes(Route)}, so its errors get the same JSON bodies.
 */
public final class PushRoutes extends AllDirectives {
  private static final Set<String> PREFERENCE_FIELDS = Set.of("pushOptOut", "language", "timeZone");

  private final ClusterSharding sharding;
  private final Experiment experiment;
  private final Duration askTimeout;

  public PushRoutes(ClusterSharding sharding, Experiment experiment, Duration askTimeout) {
    this.sharding = sharding;
    this.experiment = experiment;
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return concat(
        path("experiments", () -> get(this::experiments)),
        pathPrefix("users", () -> pathPrefix(PathMatchers.segment(), userId -> concat(
            path("preferences", () -> put(() -> entity(Unmarshaller.entityToString(), body -> preferences(userId, body)))),
            path("profile", () -> get(() -> profile(userId)))))));
  }

  private Route preferences(String userId, String body) {
    ApiRoutes.validateId(userId, "userId");
    JsonNode root = Json.parse(body);
    if (!root.isObject()) throw ApiError.badRequest(null, "expected a JSON object with pushOptOut, language, timeZone");
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!PREFERENCE_FIELDS.contains(name)) throw ApiError.badRequest(name, "unknown field; allowed: " + PREFERENCE_FIELDS);
    }
    Boolean optOut = null;
    if (root.has("pushOptOut")) {
      if (!root.get("pushOptOut").isBoolean()) throw ApiError.badRequest("pushOptOut", "must be true or false");
      optOut = root.get("pushOptOut").booleanValue();
    }
    String language = textField(root, "language");
    if (language != null && !Preferences.LANGUAGES.contains(language))
      throw ApiError.badRequest("language", "must be one of " + Preferences.LANGUAGES);
    String timeZone = textField(root, "timeZone");
    if (timeZone != null && Preferences.zone(timeZone).isEmpty())
      throw ApiError.badRequest("timeZone", "must be an IANA time zone such as Asia/Shanghai");
    Boolean pushOptOut = optOut;
    CompletionStage<HttpResponse> response = sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .<UserEntity.PreferencesSaved>ask(
            replyTo -> new UserEntity.SetPreferences(pushOptOut, language, timeZone, replyTo), askTimeout)
        .thenApplyAsync(saved -> json(Json.write(saved.preferences())), SameThread.EXECUTOR);
    return completeWithFuture(response);
  }

  private static String textField(JsonNode root, String name) {
    if (!root.has(name)) return null;
    if (!root.get(name).isTextual()) throw ApiError.badRequest(name, "must be a string");
    return root.get(name).textValue();
  }

  private Route profile(String userId) {
    ApiRoutes.validateId(userId, "userId");
    return completeWithFuture(sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .<UserEntity.Profile>ask(UserEntity.GetProfile::new, askTimeout)
        .thenApplyAsync(p -> json(Json.write(p.profile())), SameThread.EXECUTOR));
  }

  private Route experiments() {
    return completeWithFuture(sharding.entityRefFor(ExperimentEntity.TYPE_KEY, experiment.name())
        .<ExperimentEntity.Counts>ask(ExperimentEntity.GetCounts::new, askTimeout)
        .thenApplyAsync(counts -> {
          Map<String, ExperimentReport.Counts> byVariant = new HashMap<>();
          counts.byVariant().forEach((variant, c) -> byVariant.put(variant,
              new ExperimentReport.Counts(c.sent(), c.impressions(), c.clicks(), c.dismissals())));
          return json(Json.write(Map.of("experiments", java.util.List.of(ExperimentReport.of(experiment, byVariant)))));
        }, SameThread.EXECUTOR));
  }

  private static HttpResponse json(String body) {
    return HttpResponse.create().withStatus(200).withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
