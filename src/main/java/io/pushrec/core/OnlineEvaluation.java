package io.pushrec.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prequential comparison of frozen and online-learned item vectors on a behaviour log without timestamps.
 *
 * <p>The prefix is the first {@code prefixShare} of every user's sequence (at least one item): the starting
 * vectors are fitted on it, as a model trained before the stream would be: co-occurrence factors
 * ({@link CooccurrenceEmbedding}) refined by a few epochs of the learner's own loss over the prefix's
 * (history, next item) pairs, in a seeded random order. The
 * stream is the rest of every user's sequence, ordered by relative position in the sequence (an event at 80% of
 * its user's history comes after one at 75% of another's; ties in user order): the only honest clock a log with
 * per-user order alone has. Items first seen in the stream are unknown to the frozen vectors, like items released
 * after a training.
 *
 * <p>Each stream event is predicted by both models BEFORE the online learner learns from it: the user's last
 * {@link InterestState#MAX_RECENT} items are the history, the profile is {@link ItemVectorScorer#profileItems}'
 * weighted sum, every item with a vector outside the history is ranked by its dot product with it (as
 * {@link ItemVectorScorer} serves), HR@10 and NDCG@10 count ties as broken at random. A target without a vector,
 * or in the history (serving never recommends a recent item), is a miss.
 *
 * <p>Users are split once, by seed: the validation users' stream is where settings are tuned, the other users'
 * stream is what is reported, so no reported event chooses a setting.
 */
public final class OnlineEvaluation {
  public static final int K = 10;

  /**
   * @param prefixShare share of each user's sequence the starting vectors are fitted on
   * @param validationShare share of users whose stream is for tuning only
   * @param maxUsers reported users at most (a seeded sample of the non-validation users); 0 for all
   * @param epochs passes of the sampled-softmax learner over the prefix, after the co-occurrence start
   * @param trainingRate the learner's rate during those passes
   */
  public record Settings(double prefixShare, double validationShare, int maxUsers, int dimension, int windows,
      int epochs, double trainingRate, int negatives, long seed) {}

  public record Metrics(int cases, double hr, double ndcg) {}

  /** @param unknownShare share of this window's targets the frozen vectors have no vector for */
  public record Window(int firstEvent, Metrics frozen, Metrics online, double unknownShare) {}

  /**
   * @param frozenOnKnown both models on the targets the frozen vectors know: does learning degrade them?
   * @param onlineOnUnknown the online model on the other targets (the frozen one cannot rank them at all)
   */
  public record Result(Metrics frozen, Metrics online, Metrics frozenOnKnown, Metrics onlineOnKnown,
      Metrics onlineOnUnknown, double unknownShare, List<Window> windows, long learnedSteps) {}

  public interface Progress {
    void eventsDone(int done, int total);
  }

  /** What every run shares: the data, the prefix fit and the two streams. */
  public static final class Setup {
    final SequenceDataset data;
    final Settings settings;
    final float[] startMatrix;
    final boolean[] known;
    final VectorTable startTable;
    final int[][] reportedStream;
    final int[][] validationStream;
    final int prefixEvents;
    final int reportedUsers;

    private Setup(SequenceDataset data, Settings settings, float[] startMatrix, boolean[] known,
        VectorTable startTable, int[][] reportedStream, int[][] validationStream, int prefixEvents, int reportedUsers) {
      this.data = data;
      this.settings = settings;
      this.startMatrix = startMatrix;
      this.known = known;
      this.startTable = startTable;
      this.reportedStream = reportedStream;
      this.validationStream = validationStream;
      this.prefixEvents = prefixEvents;
      this.reportedUsers = reportedUsers;
    }

    public int reportedUsers() {
      return reportedUsers;
    }

    public int prefixEvents() {
      return prefixEvents;
    }

    public int reportedEvents() {
      return reportedStream.length;
    }

    public int validationEvents() {
      return validationStream.length;
    }

    public int knownItems() {
      int n = 0;
      for (boolean k : known) if (k) n++;
      return n;
    }
  }

  private OnlineEvaluation() {}

  public static Setup prepare(SequenceDataset data, Settings settings, Progress progress) {
    int users = data.numUsers();
    int[] prefixLength = new int[users];
    int[][] prefixes = new int[users][];
    boolean[] known = new boolean[data.numItems()];
    int prefixEvents = 0;
    for (int u = 0; u < users; u++) {
      int[] seq = data.sequence(u);
      prefixLength[u] = Math.max(1, (int) Math.floor(seq.length * settings.prefixShare()));
      prefixes[u] = Arrays.copyOf(seq, Math.min(prefixLength[u], seq.length));
      for (int i : prefixes[u]) known[i] = true;
      prefixEvents += prefixes[u].length;
    }
    float[][] fitted = CooccurrenceEmbedding.fit(prefixes, data.numItems(), settings.dimension(), settings.seed());
    VectorTable table = train(data, prefixes, table(data, fitted, known), settings, progress);
    int d = settings.dimension();
    float[] matrix = new float[data.numItems() * d];
    for (int r = 0; r < table.size(); r++) {
      System.arraycopy(table.vector(table.idOf(r)), 0, matrix, data.items().indexOf(table.idOf(r)) * d, d);
    }

    Integer[] order = new Integer[users];
    for (int u = 0; u < users; u++) order[u] = u;
    Random random = new Random(settings.seed());
    for (int i = users - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int validationUsers = (int) Math.round(users * settings.validationShare());
    boolean[] validation = new boolean[users];
    boolean[] reported = new boolean[users];
    int reportedUsers = 0;
    for (int k = 0; k < users; k++) {
      if (k < validationUsers) {
        validation[order[k]] = true;
      } else if (settings.maxUsers() <= 0 || reportedUsers < settings.maxUsers()) {
        reported[order[k]] = true;
        reportedUsers++;
      }
    }
    return new Setup(data, settings, matrix, known, table, stream(data, prefixLength, reported),
        stream(data, prefixLength, validation), prefixEvents, reportedUsers);
  }

  private static VectorTable table(SequenceDataset data, float[][] vectors, boolean[] known) {
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      if (known[i]) rows.add(new VectorTable.Row(data.items().idOf(i), vectors[i], 1));
    }
    return VectorTable.empty(vectors[0].length).with(rows);
  }

  /** The starting table refined by {@code epochs} passes of the online learner over every prefix event. */
  private static VectorTable train(SequenceDataset data, int[][] prefixes, VectorTable start, Settings settings,
      Progress progress) {
    if (settings.epochs() == 0) return start;
    List<int[]> examples = new ArrayList<>();
    for (int u = 0; u < prefixes.length; u++) for (int j = 1; j < prefixes[u].length; j++) examples.add(new int[] {u, j});
    OnlineItemLearner learner = new OnlineItemLearner(new OnlineItemLearner.Settings(settings.trainingRate(),
        settings.negatives(), Math.max(data.numItems(), 1_000), settings.seed()), settings.dimension());
    Random random = new Random(settings.seed());
    int total = settings.epochs() * examples.size();
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      Collections.shuffle(examples, random);
      for (int k = 0; k < examples.size(); k++) {
        int[] seq = prefixes[examples.get(k)[0]];
        int position = examples.get(k)[1];
        learner.learn(ids(data, seq, Math.max(0, position - InterestState.MAX_RECENT), position),
            data.items().idOf(seq[position]), start);
        int done = epoch * examples.size() + k + 1;
        if (progress != null && (done % 50_000 == 0 || done == total)) progress.eventsDone(done, total);
      }
    }
    List<VectorTable.Row> rows = new ArrayList<>();
    for (int r = 0; r < start.size(); r++) {
      rows.add(new VectorTable.Row(start.idOf(r), learner.vector(start.idOf(r), start), 1));
    }
    return VectorTable.empty(start.dimension()).with(rows);
  }

  private static List<String> ids(SequenceDataset data, int[] seq, int from, int to) {
    List<String> ids = new ArrayList<>(to - from);
    for (int p = from; p < to; p++) ids.add(data.items().idOf(seq[p]));
    return ids;
  }

  /** (user, position) of every event after the prefix of the chosen users, in relative-position order. */
  private static int[][] stream(SequenceDataset data, int[] prefixLength, boolean[] chosen) {
    List<int[]> events = new ArrayList<>();
    for (int u = 0; u < data.numUsers(); u++) {
      if (!chosen[u]) continue;
      for (int j = prefixLength[u]; j < data.sequence(u).length; j++) events.add(new int[] {u, j});
    }
    events.sort(Comparator.<int[]>comparingDouble(e -> (double) e[1] / data.sequence(e[0]).length)
        .thenComparingInt(e -> e[0]));
    return events.toArray(int[][]::new);
  }

  /** Streams the reported part ({@code validation} false) or the validation part through both models. */
  public static Result run(Setup setup, OnlineItemLearner.Settings learnerSettings, boolean validation,
      Progress progress) {
    SequenceDataset data = setup.data;
    int n = data.numItems();
    int d = setup.settings.dimension();
    int[][] stream = validation ? setup.validationStream : setup.reportedStream;
    float[] online = setup.startMatrix.clone();
    boolean[] hasOnline = setup.known.clone();
    OnlineItemLearner learner = new OnlineItemLearner(learnerSettings, d);
    boolean[] excluded = new boolean[n];
    Sums frozen = new Sums();
    Sums live = new Sums();
    Sums frozenKnown = new Sums();
    Sums liveKnown = new Sums();
    Sums liveUnknown = new Sums();
    int windows = Math.max(1, Math.min(setup.settings.windows(), stream.length));
    List<Window> perWindow = new ArrayList<>();
    Sums wFrozen = new Sums();
    Sums wLive = new Sums();
    int wUnknown = 0;
    int wStart = 0;
    int unknown = 0;
    for (int e = 0; e < stream.length; e++) {
      int[] seq = data.sequence(stream[e][0]);
      int position = stream[e][1];
      int target = seq[position];
      int from = Math.max(0, position - InterestState.MAX_RECENT);
      List<String> history = ids(data, seq, from, position);
      for (int p = from; p < position; p++) excluded[seq[p]] = true;
      List<ItemVectorScorer.ProfileItem> profile = ItemVectorScorer.profileItems(history);
      double[] f = hitAndGain(profile, data, setup.startMatrix, setup.known, excluded, target, d);
      double[] o = hitAndGain(profile, data, online, hasOnline, excluded, target, d);
      for (int p = from; p < position; p++) excluded[seq[p]] = false;
      frozen.add(f);
      live.add(o);
      wFrozen.add(f);
      wLive.add(o);
      if (setup.known[target]) {
        frozenKnown.add(f);
        liveKnown.add(o);
      } else {
        liveUnknown.add(o);
        unknown++;
        wUnknown++;
      }

      learner.learn(history, data.items().idOf(target), setup.startTable);
      for (Map.Entry<String, float[]> changed : learner.drainChanged(Integer.MAX_VALUE).entrySet()) {
        int i = data.items().indexOf(changed.getKey());
        System.arraycopy(changed.getValue(), 0, online, i * d, d);
        hasOnline[i] = true;
      }

      boolean windowEnds = (long) (e + 1) * windows / stream.length != (long) e * windows / stream.length;
      if (windowEnds) {
        perWindow.add(new Window(wStart, wFrozen.metrics(), wLive.metrics(), (double) wUnknown / wFrozen.cases));
        wFrozen = new Sums();
        wLive = new Sums();
        wUnknown = 0;
        wStart = e + 1;
      }
      if (progress != null && ((e + 1) % 2000 == 0 || e + 1 == stream.length)) progress.eventsDone(e + 1, stream.length);
    }
    return new Result(frozen.metrics(), live.metrics(), frozenKnown.metrics(), liveKnown.metrics(), liveUnknown.metrics(),
        stream.length == 0 ? 0 : (double) unknown / stream.length, perWindow, learner.examples());
  }

  /**
   * {HR@K, NDCG@K} of {@code target} for this profile over the items that have a vector and are not excluded,
   * ties broken at random in expectation. The scan stops as soon as K items outrank the target.
   */
  private static double[] hitAndGain(List<ItemVectorScorer.ProfileItem> profileItems, SequenceDataset data,
      float[] matrix, boolean[] has, boolean[] excluded, int target, int d) {
    if (!has[target] || excluded[target]) return new double[2];
    float[] profile = new float[d];
    boolean any = false;
    for (ItemVectorScorer.ProfileItem p : profileItems) {
      int i = data.items().indexOf(p.itemId());
      if (!has[i]) continue;
      any = true;
      for (int k = 0; k < d; k++) profile[k] += p.weight() * matrix[i * d + k];
    }
    if (!any) return new double[2];
    float targetScore = dot(matrix, target, profile, d);
    int greater = 0;
    int ties = 0;
    for (int i = 0; i < has.length && greater < K; i++) {
      if (!has[i] || excluded[i] || i == target) continue;
      float s = dot(matrix, i, profile, d);
      if (s > targetScore) greater++;
      else if (s == targetScore) ties++;
    }
    double hr = 0;
    double ndcg = 0;
    for (int t = 0; t <= ties && greater + t < K; t++) {
      hr += 1.0 / (ties + 1);
      ndcg += 1.0 / (ties + 1) / (Math.log(greater + t + 2) / Math.log(2));
    }
    return new double[] {hr, ndcg};
  }

  private static float dot(float[] matrix, int row, float[] v, int d) {
    float s = 0;
    int offset = row * d;
    for (int k = 0; k < d; k++) s += matrix[offset + k] * v[k];
    return s;
  }

  private static final class Sums {
    int cases;
    double hr;
    double ndcg;

    void add(double[] hitAndGain) {
      cases++;
      hr += hitAndGain[0];
      ndcg += hitAndGain[1];
    }

    Metrics metrics() {
      return cases == 0 ? new Metrics(0, 0, 0) : new Metrics(cases, hr / cases, ndcg / cases);
    }
  }
}
