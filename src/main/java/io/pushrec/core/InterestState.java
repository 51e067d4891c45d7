package io.pushrec.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pushrec knows about one user's interests: the recent behaviour sequence, exponentially decayed
 * interest per item and per category, and the ids of recent events for idempotency.
 *
 * <p>Immutable; {@link #apply} returns the next state. Decay runs on event time, not wall-clock time, so
 * replaying the same events always rebuilds the same state.
 */
public final class InterestState {
  public static final int MAX_RECENT = 50;
  public static final int MAX_ITEM_WEIGHTS = 200;
  public static final int MAX_CATEGORY_WEIGHTS = 50;
  /** A retry carrying an id older than this many events of the same user would be counted again. */
  public static final int REMEMBERED_EVENT_IDS = 512;
  public static final double HALF_LIFE_MILLIS = 3 * 24 * 3600_000.0;

  public static final InterestState EMPTY =
      new InterestState(List.of(), Map.of(), Map.of(), 0L, List.of(), 0L);

  private final List<Interaction> recent;
  private final Map<String, Double> itemInterest;
  private final Map<String, Double> categoryInterest;
  private final long asOfMillis;
  private final List<String> recentEventIds;
  private final long eventCount;

  /**
   * Takes the collections as they are, without copying: {@link #apply} builds them fresh for this state alone.
   * Copying them again cost as much as building them, twice per event (command and event handler).
   */
  private InterestState(List<Interaction> recent, Map<String, Double> itemInterest,
      Map<String, Double> categoryInterest, long asOfMillis, List<String> recentEventIds, long eventCount) {
    this.recent = recent;
    this.itemInterest = Collections.unmodifiableMap(itemInterest);
    this.categoryInterest = Collections.unmodifiableMap(categoryInterest);
    this.asOfMillis = asOfMillis;
    this.recentEventIds = Collections.unmodifiableList(recentEventIds);
    this.eventCount = eventCount;
  }

  /** A state read from a snapshot: its collections are copied, since the caller may still hold them. */
  @JsonCreator
  public static InterestState of(
      @JsonProperty("recent") List<Interaction> recent,
      @JsonProperty("itemInterest") Map<String, Double> itemInterest,
      @JsonProperty("categoryInterest") Map<String, Double> categoryInterest,
      @JsonProperty("asOfMillis") long asOfMillis,
      @JsonProperty("recentEventIds") List<String> recentEventIds,
      @JsonProperty("eventCount") long eventCount) {
    return new InterestState(List.copyOf(recent), new HashMap<>(itemInterest), new HashMap<>(categoryInterest),
        asOfMillis, new ArrayList<>(recentEventIds), eventCount);
  }

  /**
   * A scan, not a hash set: a state is asked about one event or a few before the next event replaces it, and
   * building a set of 512 ids for each state cost five times the scan.
   */
  public boolean hasSeen(String eventId) {
    return recentEventIds.contains(eventId);
  }

  /**
   * The state after one accepted event.
   *
   * @param category the item's category when the event was accepted (null if unknown); it is recorded in
   *     the journal with the event so that replay does not depend on later catalogue changes
   */
  public InterestState apply(BehaviourEvent event, String category) {
    long now = Math.max(asOfMillis, event.timestampMillis());
    double decay = decayFactor(now - asOfMillis);

    Map<String, Double> items = decayed(itemInterest, decay);
    Map<String, Double> categories = decayed(categoryInterest, decay);
    double weight = event.type().interestWeight;
    if (event.itemId() != null && weight != 0) {
      items.merge(event.itemId(), weight, Double::sum);
      if (category != null && !category.isEmpty()) categories.merge(category, weight, Double::sum);
    }

    List<Interaction> nextRecent = recent;
    if (event.itemId() != null && event.type().isEngagement()) {
      nextRecent = appendBounded(recent, new Interaction(event.itemId(), event.type(), event.timestampMillis()), MAX_RECENT);
    }
    return new InterestState(
        nextRecent,
        strongest(items, MAX_ITEM_WEIGHTS),
        strongest(categories, MAX_CATEGORY_WEIGHTS),
        now,
        appendBounded(recentEventIds, event.eventId(), REMEMBERED_EVENT_IDS),
        eventCount + 1);
  }

  /** Category interest decayed to {@code nowMillis}, strongest first. */
  public Map<String, Double> categoryInterestAt(long nowMillis) {
    return sortedDecayed(categoryInterest, decayFactor(Math.max(0, nowMillis - asOfMillis)));
  }

  /** Item interest decayed to {@code nowMillis}, strongest first. */
  public Map<String, Double> itemInterestAt(long nowMillis) {
    return sortedDecayed(itemInterest, decayFactor(Math.max(0, nowMillis - asOfMillis)));
  }

  static double decayFactor(long elapsedMillis) {
    return Math.pow(0.5, elapsedMillis / HALF_LIFE_MILLIS);
  }

  private static Map<String, Double> decayed(Map<String, Double> weights, double factor) {
    Map<String, Double> out = new HashMap<>(weights.size() + 2);
    weights.forEach((k, v) -> out.put(k, v * factor));
    return out;
  }

  private static Map<String, Double> sortedDecayed(Map<String, Double> weights, double factor) {
    Map<String, Double> out = new LinkedHashMap<>();
    weights.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue() * factor));
    return out;
  }

  /** Keeps the entries with the largest absolute weight: a strong dislike is worth remembering too. */
  private static Map<String, Double> strongest(Map<String, Double> weights, int max) {
    if (weights.size() <= max) return weights;
    if (weights.size() == max + 1) {
      // The usual case once a user is known, one new item: dropping the weakest needs no sort.
      String weakest = null;
      double weakestWeight = Double.POSITIVE_INFINITY;
      for (Map.Entry<String, Double> e : weights.entrySet()) {
        double w = Math.abs(e.getValue());
        if (w < weakestWeight) {
          weakestWeight = w;
          weakest = e.getKey();
        }
      }
      weights.remove(weakest);
      return weights;
    }
    Map<String, Double> out = new HashMap<>();
    weights.entrySet().stream()
        .sorted((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue())))
        .limit(max)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static <T> List<T> appendBounded(List<T> list, T element, int max) {
    int from = Math.max(0, list.size() + 1 - max);
    List<T> out = new ArrayList<>(Math.min(list.size() + 1, max));
    for (int i = from; i < list.size(); i++) out.add(list.get(i));
    out.add(element);
    return out;
  }

  public List<Interaction> getRecent() {
    return recent;
  }

  public Map<String, Double> getItemInterest() {
    return itemInterest;
  }

  public Map<String, Double> getCategoryInterest() {
    return categoryInterest;
  }

  public long getAsOfMillis() {
    return asOfMillis;
  }

  public List<String> getRecentEventIds() {
    return recentEventIds;
  }

  public long getEventCount() {
    return eventCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InterestState s
        && asOfMillis == s.asOfMillis
        && eventCount == s.eventCount
        && recent.equals(s.recent)
        && itemInterest.equals(s.itemInterest)
        && categoryInterest.equals(s.categoryInterest)
        && recentEventIds.equals(s.recentEventIds);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(eventCount) * 31 + recent.hashCode();
  }
}
