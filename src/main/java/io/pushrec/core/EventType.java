package io.pushrec.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The behaviour a shop reports, with how strongly each one signals interest in the item. */
public enum EventType {
  VIEW(1.0, true),
  CLICK(1.5, true),
  CART(4.0, true),
  FAVORITE(3.0, true),
  PURCHASE(6.0, true),
  SEARCH(0.0, false),
  IMPRESSION(0.0, true),
  DISMISS(-3.0, true);

  /** Contribution to the user's interest in the item and its category; negative means "less of this". */
  public final double interestWeight;

  public final boolean requiresItem;

  EventType(double interestWeight, boolean requiresItem) {
    this.interestWeight = interestWeight;
    this.requiresItem = requiresItem;
  }

  /** Positive behaviour that makes an item part of the user's sequence, so co-visitation can start from it. */
  public boolean isEngagement() {
    return interestWeight > 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EventType> fromWire(String name) {
    if (name == null) return Optional.empty();
    for (EventType t : values()) {
      if (t.wireName().equals(name)) return Optional.of(t);
    }
    return Optional.empty();
  }

  public static String allowedNames() {
    return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining("|"));
  }
}
