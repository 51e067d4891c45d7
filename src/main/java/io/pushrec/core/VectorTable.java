package io.pushrec.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One embedding space of the catalogue as an immutable, row-major matrix: a single contiguous float[] for all
 * items, not an object per item, so the replica costs little more than the raw floats and a dot product over
 * every item streams through memory. Changes build a new table (copy-on-write); a reader holding a table sees
 * every row whole, at one version, however many updates follow.
 */
public final class VectorTable {
  /** One item's vector at the version its entity gave it (1 or more). */
  public record Row(String itemId, float[] vector, long version) {
    public Row {
      if (version < 1) throw new IllegalArgumentException("versions start at 1");
    }
  }

  private final int dimension;
  private final String[] ids;
  /**
   * Open-addressing index from item id to row + 1 (0 is a free slot): 8 bytes per item where a HashMap would
   * cost about 50, which at 64 dimensions would be a fifth of the matrix again.
   */
  private final int[] slots;
  private final float[] data;
  private final long[] versions;

  private VectorTable(int dimension, String[] ids, int[] slots, float[] data, long[] versions) {
    this.dimension = dimension;
    this.ids = ids;
    this.slots = slots;
    this.data = data;
    this.versions = versions;
  }

  public static VectorTable empty(int dimension) {
    return new VectorTable(dimension, new String[0], new int[1], new float[0], new long[0]);
  }

  /**
   * A new table with these rows added or replaced. A row whose version is not newer than the one held is
   * ignored, so replayed and live updates can arrive in any order. A vector of another dimension is refused:
   * a change of model is a new table, never a mix.
   */
  public VectorTable with(Collection<Row> rows) {
    Map<String, Integer> added = new HashMap<>();
    for (Row row : rows) {
      if (row.vector().length != dimension) {
        throw new IllegalArgumentException(
            "vector of " + row.itemId() + " has " + row.vector().length + " dimensions, the table " + dimension);
      }
      if (rowOf(row.itemId()) < 0) added.putIfAbsent(row.itemId(), ids.length + added.size());
    }
    int size = ids.length + added.size();
    String[] newIds = added.isEmpty() ? ids : Arrays.copyOf(ids, size);
    added.forEach((id, r) -> newIds[r] = id);
    int[] newSlots = added.isEmpty() ? slots : index(newIds);
    float[] newData = Arrays.copyOf(data, size * dimension);
    long[] newVersions = Arrays.copyOf(versions, size);
    boolean changed = !added.isEmpty();
    for (Row row : rows) {
      int r = find(newSlots, newIds, row.itemId());
      if (row.version() <= newVersions[r]) continue;
      System.arraycopy(row.vector(), 0, newData, r * dimension, dimension);
      newVersions[r] = row.version();
      changed = true;
    }
    return changed ? new VectorTable(dimension, newIds, newSlots, newData, newVersions) : this;
  }

  private static int[] index(String[] ids) {
    int capacity = Integer.highestOneBit(Math.max(1, ids.length) * 2 - 1) << 1;
    int[] slots = new int[capacity];
    for (int r = 0; r < ids.length; r++) {
      int s = spread(ids[r].hashCode()) & (capacity - 1);
      while (slots[s] != 0) s = (s + 1) & (capacity - 1);
      slots[s] = r + 1;
    }
    return slots;
  }

  private static int find(int[] slots, String[] ids, String itemId) {
    int mask = slots.length - 1;
    for (int s = spread(itemId.hashCode()) & mask; slots[s] != 0; s = (s + 1) & mask) {
      if (ids[slots[s] - 1].equals(itemId)) return slots[s] - 1;
    }
    return -1;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16) * 0x9E3779B9;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return ids.length;
  }

  /** The item's row, or -1 when this space has no vector for it. */
  public int rowOf(String itemId) {
    return find(slots, ids, itemId);
  }

  public String idOf(int row) {
    return ids[row];
  }

  public long version(int row) {
    return versions[row];
  }

  /** A copy of the item's vector, or null. */
  public float[] vector(String itemId) {
    int r = rowOf(itemId);
    return r < 0 ? null : Arrays.copyOfRange(data, r * dimension, (r + 1) * dimension);
  }

  public float dot(int row, float[] query) {
    float sum = 0;
    int offset = row * dimension;
    for (int i = 0; i < dimension; i++) sum += data[offset + i] * query[i];
    return sum;
  }

  /** Adds {@code weight} times the row to {@code acc}. */
  public void addTo(int row, float weight, float[] acc) {
    int offset = row * dimension;
    for (int i = 0; i < dimension; i++) acc[i] += weight * data[offset + i];
  }

  /** Bytes of the raw matrix: rows × dimension × 4. */
  public long rawBytes() {
    return (long) data.length * Float.BYTES;
  }

  /** Bytes this table holds beyond the item id strings (which the catalogue's items hold anyway). */
  public long heapBytes() {
    int header = 16;
    return rawBytes() + header + (long) versions.length * Long.BYTES + header + (long) slots.length * Integer.BYTES
        + header + (long) ids.length * 4 + header + 48;
  }
}
