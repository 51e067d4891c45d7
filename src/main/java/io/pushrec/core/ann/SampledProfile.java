package io.pushrec.core.ann;

import io.pushrec.core.ItemVectorScorer;
import io.pushrec.core.VectorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A user who did something with a few random items, as a search sees them: the profile {@link ItemVectorScorer}
 * builds from those items, and a filter that excludes them. The probe count a node's index is built with and the
 * recall `pushrec bench-ann` reports are both measured on these, so the bench checks what the node relies on.
 *
 * @param items the items, oldest first
 */
public record SampledProfile(List<String> items, float[] vector, RowFilter filter) {
  public static SampledProfile of(VectorTable table, int items, Random random) {
    List<String> recent = new ArrayList<>(items);
    for (int i = 0; i < items; i++) recent.add(table.idOf(random.nextInt(table.size())));
    return new SampledProfile(List.copyOf(recent), ItemVectorScorer.profile(recent, table),
        new RowFilter(Set.copyOf(recent), id -> true));
  }
}
