package io.pushrec.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running sums of the per-user metrics; partial sums from different threads are merged in a fixed order. */
public final class MetricSums {
  public static final String[] KEYS = {"HR@1", "HR@5", "HR@10", "NDCG@5", "NDCG@10", "MRR"};

  private int users;
  private double hr1;
  private double hr5;
  private double hr10;
  private double ndcg5;
  private double ndcg10;
  private double mrr;

  public void add(int rank) {
    users++;
    if (RankingMetrics.hit(rank, 1)) hr1++;
    if (RankingMetrics.hit(rank, 5)) hr5++;
    if (RankingMetrics.hit(rank, 10)) hr10++;
    ndcg5 += RankingMetrics.ndcg(rank, 5);
    ndcg10 += RankingMetrics.ndcg(rank, 10);
    mrr += RankingMetrics.reciprocalRank(rank);
  }

  public void addAll(MetricSums other) {
    users += other.users;
    hr1 += other.hr1;
    hr5 += other.hr5;
    hr10 += other.hr10;
    ndcg5 += other.ndcg5;
    ndcg10 += other.ndcg10;
    mrr += other.mrr;
  }

  public int users() {
    return users;
  }

  /** Means over users, keyed as in {@link #KEYS}; all zero when nobody was evaluated. */
  public Map<String, Double> means() {
    double n = Math.max(1, users);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("HR@1", hr1 / n);
    m.put("HR@5", hr5 / n);
    m.put("HR@10", hr10 / n);
    m.put("NDCG@5", ndcg5 / n);
    m.put("NDCG@10", ndcg10 / n);
    m.put("MRR", mrr / n);
    return m;
  }
}
