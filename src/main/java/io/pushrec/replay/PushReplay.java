package io.pushrec.replay;

import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.EventType;
import io.pushrec.core.InterestState;
import io.pushrec.core.Preferences;
import io.pushrec.core.PushHistory;
import io.pushrec.core.PushPolicy;
import io.pushrec.core.PushRecord;
import io.pushrec.core.Recommendation;
import io.pushrec.core.Scorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Replays a behaviour log through the live push code, with no actors: the same {@link InterestState}, the
 * same scorers and the same {@link PushPolicy} the user entity runs, one strategy beside the other.
 *
 * <p>The logs have no timestamps, so the clock is synthetic: a user's i-th event happens at the user's
 * start plus i times {@code stepMillis}, and users start spread evenly over the first day. Events of all
 * users are replayed in that time order. A push made at a user's i-th event is a hit when one of the
 * user's next {@code horizon} events is an item of that push.
 */
public final class PushReplay {

  /**
   * @param followLeader null: the strategy decides for itself with the policy. Otherwise it pushes exactly
   *     when the named strategy did, with its own items through the same caps, repeat window and diversity:
   *     a comparison at equal push volume.
   */
  public record Contender(String name, Scorer scorer, PushPolicy policy, String followLeader) {}

  public record Settings(long startMillis, long stepMillis, int horizon, Preferences preferences) {}

  /** One strategy's outcome for one user. */
  public static final class UserResult {
    public int pushes;
    /** Pushes with at least one later event to judge them by. */
    public int judged;
    public int hits;
    public final List<Long> pushTimes = new ArrayList<>();
    public final Map<String, Integer> suppressed = new LinkedHashMap<>();
    /** Synthetic days (since the start) on which the user had an event. */
    public final Set<Long> activeDays = new HashSet<>();
    PushHistory history = PushHistory.EMPTY;
    final List<Integer> pushIndex = new ArrayList<>();
    final List<Set<String>> pushItems = new ArrayList<>();
  }

  private final CatalogSnapshot catalog;
  private final List<Contender> contenders;
  private final Settings settings;

  public PushReplay(CatalogSnapshot catalog, List<Contender> contenders, Settings settings) {
    this.catalog = catalog;
    this.contenders = List.copyOf(contenders);
    this.settings = settings;
  }

  /** @return per contender name, per user: what happened */
  public Map<String, Map<String, UserResult>> run(Map<String, List<String>> sequences) {
    Map<String, Map<String, UserResult>> results = new LinkedHashMap<>();
    for (Contender c : contenders) results.put(c.name(), new LinkedHashMap<>());
    List<String> users = new ArrayList<>(sequences.keySet());
    Map<String, InterestState> states = new LinkedHashMap<>();
    PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
        : Long.compare(a[1], b[1]));
    for (int u = 0; u < users.size(); u++) {
      queue.add(new long[] {start(u, users.size()), u, 0});
      for (Contender c : contenders) results.get(c.name()).put(users.get(u), new UserResult());
    }
    while (!queue.isEmpty()) {
      long[] next = queue.poll();
      String user = users.get((int) next[1]);
      int index = (int) next[2];
      List<String> sequence = sequences.get(user);
      step(user, sequence, index, next[0], states, results);
      if (index + 1 < sequence.size()) queue.add(new long[] {next[0] + settings.stepMillis(), next[1], index + 1});
    }
    results.values().forEach(byUser -> byUser.forEach((user, r) -> judge(r, sequences.get(user))));
    return results;
  }

  private long start(int userIndex, int users) {
    return settings.startMillis() + (long) userIndex * 86_400_000L / Math.max(1, users);
  }

  private void step(String user, List<String> sequence, int index, long now, Map<String, InterestState> states,
      Map<String, Map<String, UserResult>> results) {
    String item = sequence.get(index);
    BehaviourEvent event = new BehaviourEvent(user + "#" + index, EventType.VIEW, item, null, now, Map.of());
    InterestState state = states.getOrDefault(user, InterestState.EMPTY).apply(event, catalog.categoryOf(item));
    states.put(user, state);
    Map<String, Boolean> pushedNow = new LinkedHashMap<>();
    for (Contender c : contenders) {
      UserResult r = results.get(c.name()).get(user);
      r.activeDays.add((now - settings.startMillis()) / 86_400_000L);
      boolean reEngagementLike = c.followLeader() != null;
      if (reEngagementLike && !pushedNow.getOrDefault(c.followLeader(), false)) {
        pushedNow.put(c.name(), false);
        continue;
      }
      List<Recommendation> recs = c.scorer().recommend(state, catalog, c.policy().rankingDepth(r.history, now), now);
      // A follower already knows it may push now; it only needs the policy's item rules and caps.
      PushPolicy.Decision d = c.policy().decide(r.history, settings.preferences(), recs, catalog::categoryOf, now,
          reEngagementLike);
      if (d instanceof PushPolicy.Push p) {
        List<String> ids = p.items().stream().map(Recommendation::itemId).toList();
        r.history = r.history.with(PushRecord.sent(user + ":" + (r.pushes + 1), ids, now, c.name(), PushRecord.UPDATE));
        r.pushes++;
        r.pushTimes.add(now);
        r.pushIndex.add(index);
        r.pushItems.add(new HashSet<>(ids));
        pushedNow.put(c.name(), true);
      } else {
        r.suppressed.merge(((PushPolicy.Suppress) d).reason(), 1, Integer::sum);
        pushedNow.put(c.name(), false);
      }
    }
  }

  private void judge(UserResult r, List<String> sequence) {
    for (int p = 0; p < r.pushIndex.size(); p++) {
      int at = r.pushIndex.get(p);
      if (at + 1 >= sequence.size()) continue;
      r.judged++;
      for (int j = at + 1; j <= Math.min(sequence.size() - 1, at + settings.horizon()); j++) {
        if (r.pushItems.get(p).contains(sequence.get(j))) {
          r.hits++;
          break;
        }
      }
    }
  }
}
