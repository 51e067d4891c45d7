package io.pushrec.core;

import java.util.List;

/**
 * One push the user got, and what the user did with it. Outcomes are linked by the {@code pushId} the
 * page puts in the context of its impression, click and dismiss events.
 *
 * @param kind {@link #UPDATE} for changed recommendations, {@link #RE_ENGAGEMENT} for the churn timer's push
 */
public record PushRecord(String pushId, List<String> items, long atMillis, String variant, String kind,
    boolean impressed, boolean clicked, boolean dismissed) {
  public static final String UPDATE = "update";
  public static final String RE_ENGAGEMENT = "re-engagement";

  public PushRecord {
    items = List.copyOf(items);
  }

  public static PushRecord sent(String pushId, List<String> items, long atMillis, String variant, String kind) {
    return new PushRecord(pushId, items, atMillis, variant, kind, false, false, false);
  }

  /** This push after one more feedback event; a click implies the push was seen. */
  public PushRecord withFeedback(EventType type) {
    return switch (type) {
      case IMPRESSION -> new PushRecord(pushId, items, atMillis, variant, kind, true, clicked, dismissed);
      case CLICK -> new PushRecord(pushId, items, atMillis, variant, kind, true, true, dismissed);
      case DISMISS -> new PushRecord(pushId, items, atMillis, variant, kind, true, clicked, true);
      default -> this;
    };
  }

  public String outcome() {
    if (clicked) return "clicked";
    if (dismissed) return "dismissed";
    if (impressed) return "seen";
    return "sent";
  }
}
