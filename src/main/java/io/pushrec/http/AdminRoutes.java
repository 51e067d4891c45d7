package io.pushrec.http;

import io.pushrec.catalog.ModelDistribution;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** Operator endpoints: switching every node to the newest trained model without a restart. */
public final class AdminRoutes extends AllDirectives {
  /** Loading a large model directory takes seconds; the node keeps scoring with the old one meanwhile. */
  static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(2);

  private final ActorSystem<?> system;
  private final ActorRef<ModelDistribution.Command> models;

  public AdminRoutes(ActorSystem<?> system, ActorRef<ModelDistribution.Command> models) {
    this.system = system;
    this.models = models;
  }

  /** Mounted under /v1 by {@link ApiRoutes#routes}. */
  public Route routes() {
    return path(PathMatchers.segment("admin").slash("models").slash("reload"), () -> post(() ->
        completeWithFuture(AskPattern.<ModelDistribution.Command, ModelDistribution.Reloaded>ask(
                models, ModelDistribution.Reload::new, RELOAD_TIMEOUT, system.scheduler())
            .thenApply(r -> r.error().isEmpty()
                ? json(200, "{\"version\":" + Json.write(r.version()) + "}")
                : json(409, Json.error("model not reloaded: " + r.error()))))));
  }

  private static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }
}
