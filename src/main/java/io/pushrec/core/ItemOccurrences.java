package io.pushrec.core;

import java.util.List;

/** Where each item occurs in the training sequences, so neighbour builders can work item by item in parallel. */
final class ItemOccurrences {
  /** Occurrences of item i are entries offset[i] .. offset[i+1]-1 of {@link #sequence} and {@link #position}. */
  final int[] offset;
  final int[] sequence;
  final int[] position;

  ItemOccurrences(List<int[]> sequences, int numItems) {
    offset = new int[numItems + 1];
    for (int[] seq : sequences) {
      for (int item : seq) offset[item + 1]++;
    }
    for (int i = 0; i < numItems; i++) offset[i + 1] += offset[i];
    sequence = new int[offset[numItems]];
    position = new int[offset[numItems]];
    int[] next = java.util.Arrays.copyOf(offset, numItems);
    for (int s = 0; s < sequences.size(); s++) {
      int[] seq = sequences.get(s);
      for (int p = 0; p < seq.length; p++) {
        int at = next[seq[p]]++;
        sequence[at] = s;
        position[at] = p;
      }
    }
  }

  int count(int item) {
    return offset[item + 1] - offset[item];
  }
}
