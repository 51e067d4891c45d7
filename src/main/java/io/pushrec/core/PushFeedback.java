package io.pushrec.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the page's impression, click and dismiss events find the push they answer ({@code context.pushId})
 * and what the experiment hears about it. The interest side of feedback needs nothing here: a click adds
 * {@link EventType#CLICK}'s weight to the item and its category, a dismissal subtracts
 * {@link EventType#DISMISS}'s, and the scorers never recommend an item with negative interest.
 */
public final class PushFeedback {
  public static final String SENT = "sent";
  public static final String IMPRESSION = "impression";
  public static final String CLICK = "click";
  public static final String DISMISS = "dismiss";
  /** The event context keys the page and the shop use. */
  public static final String PUSH_ID = "pushId";
  public static final String TIME_ZONE = "tz";

  private PushFeedback() {}

  /** One change in a push's fate, reported once per push and outcome. */
  public record Outcome(String variant, String pushId, String outcome) {}

  @FunctionalInterface
  public interface Reporter {
    Reporter NONE = outcome -> {};

    void report(Outcome outcome);
  }

  public static boolean isFeedback(EventType type) {
    return type == EventType.IMPRESSION || type == EventType.CLICK || type == EventType.DISMISS;
  }

  /** The history after {@code event}: feedback naming one of the kept pushes updates its outcome. */
  public static PushHistory link(PushHistory pushes, BehaviourEvent event) {
    String pushId = event.context().get(PUSH_ID);
    if (pushId == null || !isFeedback(event.type())) return pushes;
    return pushes.withFeedback(pushId, event.type());
  }

  /** A valid {@code context.tz} tells where the user is now; an invalid one is ignored, never an error. */
  public static Preferences learnTimeZone(Preferences preferences, BehaviourEvent event) {
    String zone = event.context().get(TIME_ZONE);
    if (Preferences.zone(zone).isEmpty() || zone.equals(preferences.timeZone())) return preferences;
    return preferences.withTimeZone(zone);
  }

  /** What changed between two histories: each push's first impression, click and dismissal. */
  public static List<Outcome> outcomes(PushHistory before, PushHistory after) {
    List<Outcome> out = new ArrayList<>();
    Map<String, PushRecord> old = new java.util.HashMap<>();
    for (PushRecord p : before.pushes()) old.put(p.pushId(), p);
    for (PushRecord p : after.pushes()) {
      PushRecord was = old.get(p.pushId());
      if (was == null) continue;
      if (p.impressed() && !was.impressed()) out.add(new Outcome(p.variant(), p.pushId(), IMPRESSION));
      if (p.clicked() && !was.clicked()) out.add(new Outcome(p.variant(), p.pushId(), CLICK));
      if (p.dismissed() && !was.dismissed()) out.add(new Outcome(p.variant(), p.pushId(), DISMISS));
    }
    return out;
  }
}
