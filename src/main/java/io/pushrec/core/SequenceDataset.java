package io.pushrec.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A behaviour log as dense arrays: every user's item sequence (oldest first) over one {@link ItemIndex}.
 * Items are indexed in order of first appearance, so the same file always gives the same indices.
 */
public final class SequenceDataset {
  private final ItemIndex items;
  private final List<String> users;
  private final int[][] sequences;

  public SequenceDataset(ItemIndex items, List<String> users, int[][] sequences) {
    if (users.size() != sequences.length) throw new IllegalArgumentException("one sequence per user");
    this.items = items;
    this.users = List.copyOf(users);
    this.sequences = sequences;
  }

  public static SequenceDataset read(Path file, InteractionLog.Format format) throws IOException {
    return of(InteractionLog.read(file, format));
  }

  public static SequenceDataset of(Map<String, List<String>> byUser) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<String> users = new ArrayList<>(byUser.size());
    int[][] sequences = new int[byUser.size()][];
    int u = 0;
    for (Map.Entry<String, List<String>> e : byUser.entrySet()) {
      users.add(e.getKey());
      int[] seq = new int[e.getValue().size()];
      for (int i = 0; i < seq.length; i++) seq[i] = index.computeIfAbsent(e.getValue().get(i), k -> index.size());
      sequences[u++] = seq;
    }
    return new SequenceDataset(ItemIndex.of(new ArrayList<>(index.keySet())), users, sequences);
  }

  public ItemIndex items() {
    return items;
  }

  public int numItems() {
    return items.size();
  }

  public int numUsers() {
    return users.size();
  }

  public String user(int u) {
    return users.get(u);
  }

  /** The user's whole sequence, oldest first; callers must not modify it. */
  public int[] sequence(int u) {
    return sequences[u];
  }

  public long numInteractions() {
    long n = 0;
    for (int[] s : sequences) n += s.length;
    return n;
  }
}
