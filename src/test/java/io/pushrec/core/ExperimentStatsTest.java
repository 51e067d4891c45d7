package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentStatsTest {

  @Test
  void wilsonIntervalMatchesTheHandComputedOne() {
    // p = 0.1, n = 1000, z = 1.96: centre (0.1 + 1.92/1000) / 1.00384 = 0.10153,
    // half-width 1.96 / 1.00384 * sqrt(0.09/1000 + 3.84/4e6) = 0.01862.
    ExperimentStats.Interval ci = ExperimentStats.wilson(100, 1000, ExperimentStats.Z95);
    assertEquals(0.08291, ci.low(), 1e-5);
    assertEquals(0.12015, ci.high(), 1e-5);
  }

  @Test
  void wilsonStaysInsideZeroAndOne() {
    assertEquals(0.0, ExperimentStats.wilson(0, 10, ExperimentStats.Z95).low());
    assertEquals(0.27753, ExperimentStats.wilson(0, 10, ExperimentStats.Z95).high(), 1e-5);
    assertEquals(0.72247, ExperimentStats.wilson(10, 10, ExperimentStats.Z95).low(), 1e-5);
    assertEquals(new ExperimentStats.Interval(0, 1), ExperimentStats.wilson(0, 0, ExperimentStats.Z95));
  }

  @Test
  void twoProportionZTestMatchesTheHandComputedOne() {
    // 100/1000 vs 130/1000: pooled 0.115, se = sqrt(0.115 * 0.885 * 0.002) = 0.014267, z = 0.03 / se = 2.1027,
    // two-sided p = 2 * (1 - Phi(2.1027)) = 0.03549.
    ExperimentStats.ZTest t = ExperimentStats.twoProportion(100, 1000, 130, 1000);
    assertEquals(2.10274, t.z(), 1e-4);
    assertEquals(0.03549, t.pValue(), 1e-4);
    ExperimentStats.ZTest reversed = ExperimentStats.twoProportion(130, 1000, 100, 1000);
    assertEquals(-t.z(), reversed.z(), 1e-12);
    assertEquals(t.pValue(), reversed.pValue(), 1e-12);
  }

  @Test
  void noDataMeansNoEvidence() {
    assertEquals(new ExperimentStats.ZTest(0, 1), ExperimentStats.twoProportion(0, 0, 5, 10));
    assertEquals(new ExperimentStats.ZTest(0, 1), ExperimentStats.twoProportion(0, 10, 0, 10));
  }

  @Test
  void normalCdfKnownPoints() {
    assertEquals(0.5, ExperimentStats.normalCdf(0), 1e-7);
    assertEquals(0.975, ExperimentStats.normalCdf(1.959963984540054), 1e-6);
    assertEquals(0.0013499, ExperimentStats.normalCdf(-3), 1e-6);
  }

  static final Experiment AB = new Experiment("copy-test", List.of(
      new Experiment.Variant("a", 1, "default", 2, 0, PushCopy.Style.ITEM_FIRST),
      new Experiment.Variant("b", 3, "popularity", 3, 0, PushCopy.Style.REASON_FIRST)));

  @Test
  void assignmentIsStableAndFollowsTheWeights() {
    Experiment sameConfigElsewhere = new Experiment("copy-test", AB.variants());
    Map<String, Integer> counts = new HashMap<>();
    for (int u = 0; u < 20_000; u++) {
      String user = "user-" + u;
      Experiment.Variant v = AB.assign(user);
      assertEquals(v, sameConfigElsewhere.assign(user));
      counts.merge(v.name(), 1, Integer::sum);
    }
    double shareB = counts.get("b") / 20_000.0;
    assertTrue(shareB > 0.73 && shareB < 0.77, "weight 3 of 4 gave " + shareB);
  }

  @Test
  void reportTestsEachVariantAgainstTheControl() {
    ExperimentReport report = ExperimentReport.of(AB, Map.of(
        "a", new ExperimentReport.Counts(1200, 1000, 100, 7),
        "b", new ExperimentReport.Counts(1100, 1000, 130, 3)));
    assertEquals("a", report.control());
    assertNull(report.variants().get(0).vsControl());
    assertEquals(0.13, report.variants().get(1).ctr(), 1e-12);
    assertEquals(0.03549, report.variants().get(1).vsControl().pValue(), 1e-4);
  }
}
