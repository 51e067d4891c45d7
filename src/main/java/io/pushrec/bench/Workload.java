package io.pushrec.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.pushrec.core.InteractionLog;

/** The stream of events a bench run posts, one at a time from the sender thread. */
public interface Workload {
  /** @param listenedSlot which WebSocket listener follows this event's user, or -1 for none */
  record Event(String userId, String itemId, int listenedSlot) {}

  Event next();

  /**
   * The users the WebSocket listeners follow at the start, one per slot; a slot's user may change during the run
   * (an event names its slot), and the listener then follows the new user.
   */
  List<String> listenedUsers();

  String describe();

  /**
   * Replays a sasrec log (USER ITEM, each user's lines in time order) as concurrent shopping sessions: a window
   * of active users, each step one of them (at random) does its next interaction; a user whose history is used
   * up is replaced by the next user of the log, and the log starts over with fresh user ids when it runs out.
   * The first {@code listened} slots are followed by listeners; each history they take gets a user id of its own
   * too, because a user who kept one id for a whole run would reach the push policy's caps (10 an hour) within
   * minutes and the listeners would see no pushes for the rest of the run.
   *
   * @param eventsPerUser each history is cut to its first interactions: 1 makes every event a new user's
   */
  static Workload replay(Path log, int activeUsers, int eventsPerUser, int listened, long seed) throws IOException {
    if (eventsPerUser < 1) throw new IllegalArgumentException("eventsPerUser must be at least 1");
    Map<String, List<String>> sequences = InteractionLog.read(log, InteractionLog.Format.SASREC);
    List<List<String>> histories = new ArrayList<>();
    for (List<String> history : sequences.values()) {
      histories.add(history.size() > eventsPerUser ? history.subList(0, eventsPerUser) : history);
    }
    if (histories.isEmpty()) throw new IOException(log + " holds no interactions");
    return new Replay(log.getFileName().toString(), histories, activeUsers, Math.min(listened, activeUsers), seed);
  }

  /** N users and M items, both drawn Zipf-distributed; item ids are 1..M, like the Games log's. */
  static Workload zipf(int users, int items, double exponent, int listened, long seed) {
    return new Zipf(users, items, exponent, Math.min(listened, users), seed);
  }

  final class Replay implements Workload {
    private final String name;
    private final List<List<String>> histories;
    private final SplittableRandom random;
    private final String[] slotUser;
    private final int[] slotHistory;
    private final int[] slotPosition;
    private final int listened;
    private final int[] listenedHistories;
    private int nextHistory;
    private int epoch;

    Replay(String name, List<List<String>> histories, int activeUsers, int listened, long seed) {
      this.name = name;
      this.histories = histories;
      this.random = new SplittableRandom(seed);
      this.listened = listened;
      slotUser = new String[activeUsers];
      slotHistory = new int[activeUsers];
      slotPosition = new int[activeUsers];
      listenedHistories = new int[listened];
      for (int s = 0; s < activeUsers; s++) startNextHistory(s);
    }

    private void startNextHistory(int slot) {
      if (nextHistory == histories.size()) {
        nextHistory = 0;
        epoch++;
      }
      slotHistory[slot] = nextHistory;
      slotPosition[slot] = 0;
      slotUser[slot] = slot < listened ? "listened-" + slot + "-" + listenedHistories[slot]++
          : "g" + (nextHistory + 1) + (epoch == 0 ? "" : "-" + epoch);
      nextHistory++;
    }

    @Override
    public Event next() {
      int slot = random.nextInt(slotUser.length);
      List<String> history = histories.get(slotHistory[slot]);
      Event event = new Event(slotUser[slot], history.get(slotPosition[slot]++), slot < listened ? slot : -1);
      if (slotPosition[slot] == history.size()) startNextHistory(slot);
      return event;
    }

    @Override
    public List<String> listenedUsers() {
      return List.of(slotUser).subList(0, listened);
    }

    @Override
    public String describe() {
      return "replay of " + name + " (" + histories.size() + " users, " + slotUser.length + " active at once)";
    }
  }

  final class Zipf implements Workload {
    private final ZipfSampler users;
    private final ZipfSampler items;
    private final SplittableRandom random;
    private final int userCount;
    private final int itemCount;
    private final double exponent;
    private final int listened;

    Zipf(int userCount, int itemCount, double exponent, int listened, long seed) {
      this.users = new ZipfSampler(userCount, exponent);
      this.items = new ZipfSampler(itemCount, exponent);
      this.random = new SplittableRandom(seed);
      this.userCount = userCount;
      this.itemCount = itemCount;
      this.exponent = exponent;
      this.listened = listened;
    }

    @Override
    public Event next() {
      int rank = users.sample(random);
      return new Event("z" + rank, Integer.toString(items.sample(random)), rank <= listened ? rank - 1 : -1);
    }

    /** The most active users: rank 1..K. */
    @Override
    public List<String> listenedUsers() {
      List<String> out = new ArrayList<>(listened);
      for (int rank = 1; rank <= listened; rank++) out.add("z" + rank);
      return out;
    }

    @Override
    public String describe() {
      return "Zipf population of " + userCount + " users and " + itemCount + " items (exponent " + exponent + ")";
    }
  }
}
