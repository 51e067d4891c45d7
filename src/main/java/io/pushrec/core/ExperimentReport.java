package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The A/B report: per variant the pushes sent, seen, clicked and dismissed, the CTR (clicks per
 * impression) with its 95 % Wilson interval, and a two-proportion z-test against the control.
 */
public record ExperimentReport(String experiment, String control, List<Row> variants) {

  public record Counts(long sent, long impressions, long clicks, long dismissals) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0);
  }

  /** @param vsControl null for the control itself */
  public record Row(String name, int weight, long sent, long impressions, long clicks, long dismissals, double ctr,
      ExperimentStats.Interval ci95, ExperimentStats.ZTest vsControl) {}

  public static ExperimentReport of(Experiment experiment, Map<String, Counts> byVariant) {
    Counts control = byVariant.getOrDefault(experiment.control().name(), Counts.ZERO);
    List<Row> rows = new ArrayList<>();
    for (Experiment.Variant v : experiment.variants()) {
      Counts c = byVariant.getOrDefault(v.name(), Counts.ZERO);
      ExperimentStats.ZTest test = v == experiment.control() ? null
          : ExperimentStats.twoProportion(control.clicks(), control.impressions(), c.clicks(), c.impressions());
      rows.add(new Row(v.name(), v.weight(), c.sent(), c.impressions(), c.clicks(), c.dismissals(),
          ExperimentStats.ctr(c.clicks(), c.impressions()),
          ExperimentStats.wilson(c.clicks(), c.impressions(), ExperimentStats.Z95), test));
    }
    return new ExperimentReport(experiment.name(), experiment.control().name(), rows);
  }
}
