package io.pushrec.node;

import com.typesafe.config.Config;
import io.pushrec.core.ChurnRule;
import io.pushrec.core.Experiment;
import io.pushrec.core.PushCopy;
import io.pushrec.core.PushPolicy;
import java.util.Locale;

/** Reads {@code pushrec.push} and {@code pushrec.experiment} into the plain core objects. */
public final class PushSettings {
  private PushSettings() {}

  public static PushPolicy policy(Config push) {
    return new PushPolicy(push.getInt("size"), push.getInt("min-new-items"), push.getDouble("min-score-gain"),
        push.getDuration("min-interval").toMillis(), push.getDuration("repeat-window").toMillis(),
        push.getInt("max-per-hour"), push.getInt("max-per-day"), push.getInt("quiet-hours.start"),
        push.getInt("quiet-hours.end"), push.getInt("max-per-category"));
  }

  public static ChurnRule churn(Config churn) {
    return new ChurnRule(churn.getDouble("at-risk-gaps"), churn.getInt("min-events"),
        churn.getDuration("min-delay").toMillis(), churn.getDuration("max-delay").toMillis());
  }

  public static Experiment experiment(Config experiment) {
    return new Experiment(experiment.getString("name"), experiment.getConfigList("variants").stream()
        .map(v -> new Experiment.Variant(v.getString("name"), v.getInt("weight"), v.getString("scorer"),
            v.getInt("min-new-items"), v.getDouble("min-score-gain"),
            PushCopy.Style.valueOf(v.getString("copy-style").toUpperCase(Locale.ROOT).replace('-', '_'))))
        .toList());
  }
}
