package io.pushrec.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one scorer achieved on one protocol. */
public record EvaluationResult(MetricSums sums, double coverageAt10, double seconds) {
  public int users() {
    return sums.users();
  }

  /** HR@1/5/10, NDCG@5/10, MRR and coverage@10, in that order. */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>(sums.means());
    m.put("coverage@10", coverageAt10);
    return m;
  }
}
