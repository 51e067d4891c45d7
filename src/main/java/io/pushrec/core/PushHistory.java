package io.pushrec.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user's latest pushes, oldest first. Bounded: the policy never looks back further than a day of
 * pushes (the daily cap) or the repeat window, and {@link #MAX_PUSHES} covers both at any sane setting.
 */
public record PushHistory(List<PushRecord> pushes) {
  public static final int MAX_PUSHES = 64;
  public static final PushHistory EMPTY = new PushHistory(List.of());

  public PushHistory {
    pushes = List.copyOf(pushes);
  }

  public PushHistory with(PushRecord push) {
    List<PushRecord> next = new ArrayList<>(pushes);
    next.add(push);
    if (next.size() > MAX_PUSHES) next.subList(0, next.size() - MAX_PUSHES).clear();
    return new PushHistory(next);
  }

  public Optional<PushRecord> last() {
    return pushes.isEmpty() ? Optional.empty() : Optional.of(pushes.get(pushes.size() - 1));
  }

  public Optional<PushRecord> find(String pushId) {
    for (PushRecord p : pushes) if (p.pushId().equals(pushId)) return Optional.of(p);
    return Optional.empty();
  }

  /** Pushes sent at or after {@code fromMillis}. */
  public int countSince(long fromMillis) {
    int n = 0;
    for (PushRecord p : pushes) if (p.atMillis() >= fromMillis) n++;
    return n;
  }

  public Set<String> itemsPushedSince(long fromMillis) {
    Set<String> items = new HashSet<>();
    for (PushRecord p : pushes) if (p.atMillis() >= fromMillis) items.addAll(p.items());
    return items;
  }

  /** The history with one push's outcome updated; unchanged when the push is unknown or too old. */
  public PushHistory withFeedback(String pushId, EventType type) {
    List<PushRecord> next = new ArrayList<>(pushes.size());
    for (PushRecord p : pushes) next.add(p.pushId().equals(pushId) ? p.withFeedback(type) : p);
    return new PushHistory(next);
  }
}
