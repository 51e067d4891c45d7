package io.pushrec.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user profile (用户画像): what the user's own events say about them, as shown to a merchandiser or on
 * the demo page. Everything is derived from persisted state, so it is the same on every node.
 */
public record UserProfile(String userId, List<Weight> topCategories, List<Weight> topBrands, PriceBand priceBand,
    Activity activity, long lastActiveMillis, ChurnRule.Risk churn, Long reEngagementAtMillis, String variant,
    Preferences preferences, List<PushOutcome> recentPushes) {

  static final int TOP = 5;
  static final int SHOWN_PUSHES = 10;

  public record Weight(String name, double weight) {}

  /** Prices of the items the user engaged with; null when none of them has a price. */
  public record PriceBand(double min, double median, double max) {}

  /** @param level "new" below the churn rule's minimum events, else "high" (10+/day), "medium" (1+/day), "low" */
  public record Activity(String level, long events, double eventsPerDay) {}

  public record PushOutcome(String pushId, long atMillis, String kind, List<String> items, String outcome) {}

  public static UserProfile of(String userId, InterestState user, PushHistory pushes, Preferences preferences,
      String variant, CatalogSnapshot catalog, ChurnRule churn, long nowMillis) {
    // Weights as of the last activity: a dormant user's tastes are still worth reading, not all zero.
    long asOf = user.getAsOfMillis();
    List<Weight> categories = new ArrayList<>();
    user.categoryInterestAt(asOf).forEach((name, w) -> {
      if (w > 0 && categories.size() < TOP) categories.add(new Weight(name, round(w)));
    });
    ChurnRule.Risk risk = churn.risk(user, nowMillis);
    var due = churn.deadline(user);
    return new UserProfile(userId, categories, topBrands(user, catalog, asOf), priceBand(user, catalog),
        activity(user, churn), user.getAsOfMillis(), risk, due.isPresent() ? due.getAsLong() : null, variant,
        preferences, recentPushes(pushes));
  }

  private static List<Weight> topBrands(InterestState user, CatalogSnapshot catalog, long asOf) {
    Map<String, Double> brands = new HashMap<>();
    user.itemInterestAt(asOf).forEach((itemId, w) -> {
      CatalogItem item = catalog.item(itemId);
      if (item != null && !item.brand().isEmpty()) brands.merge(item.brand(), w, Double::sum);
    });
    return brands.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP).map(e -> new Weight(e.getKey(), round(e.getValue()))).toList();
  }

  private static PriceBand priceBand(InterestState user, CatalogSnapshot catalog) {
    List<Double> prices = new ArrayList<>();
    for (Interaction i : user.getRecent()) {
      CatalogItem item = catalog.item(i.itemId());
      if (item != null && item.price() != null) prices.add(item.price());
    }
    if (prices.isEmpty()) return null;
    prices.sort(null);
    return new PriceBand(prices.get(0), prices.get(prices.size() / 2), prices.get(prices.size() - 1));
  }

  private static Activity activity(InterestState user, ChurnRule churn) {
    List<Interaction> recent = user.getRecent();
    if (recent.size() < churn.minEvents()) return new Activity("new", user.getEventCount(), 0);
    double days = Math.max(1.0 / 24, (recent.get(recent.size() - 1).timestampMillis() - recent.get(0).timestampMillis())
        / 86_400_000.0);
    double perDay = recent.size() / days;
    String level = perDay >= 10 ? "high" : perDay >= 1 ? "medium" : "low";
    return new Activity(level, user.getEventCount(), round(perDay));
  }

  private static List<PushOutcome> recentPushes(PushHistory pushes) {
    List<PushRecord> all = pushes.pushes();
    List<PushOutcome> out = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < SHOWN_PUSHES; i--) {
      PushRecord p = all.get(i);
      out.add(new PushOutcome(p.pushId(), p.atMillis(), p.kind(), p.items(), p.outcome()));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
