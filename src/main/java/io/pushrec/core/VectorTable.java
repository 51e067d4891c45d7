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
  private final Map<String, Integer> rowOf;
  private final float[] data;
  private final long[] versions;

  private VectorTable(int dimension, String[] ids, Map<String, Integer> rowOf, float[] data, long[] versions) {
    this.dimension = dimension;
    this.ids = ids;
    this.rowOf = rowOf;
    this.data = data;
    this.versions = versions;
  }

  public static VectorTable empty(int dimension) {
    return new VectorTable(dimension, new String[0], Map.of(), new float[0], new long[0]);
  }

  /**
   * A new table with these rows added or replaced. A row whose version is not newer than the one held is
   * ignored, so replayed and live updates can arrive in any order. A vector of another dimension is refused:
   * a change of model is a new table, never a mix.
   */
  public VectorTable with(Collection<Row> rows) {
    Map<String, Integer> newRowOf = null;
    int added = 0;
    for (Row row : rows) {
      if (row.vector().length != dimension) {
        throw new IllegalArgumentException(
            "vector of " + row.itemId() + " has " + row.vector().length + " dimensions, the table " + dimension);
      }
      if (rowOf.containsKey(row.itemId()) || newRowOf != null && newRowOf.containsKey(row.itemId())) continue;
      if (newRowOf == null) newRowOf = new HashMap<>(rowOf);
      newRowOf.put(row.itemId(), ids.length + added++);
    }
    Map<String, Integer> index = newRowOf == null ? rowOf : newRowOf;
    int size = ids.length + added;
    String[] newIds = added == 0 ? ids : Arrays.copyOf(ids, size);
    float[] newData = Arrays.copyOf(data, size * dimension);
    long[] newVersions = Arrays.copyOf(versions, size);
    boolean changed = added > 0;
    for (Row row : rows) {
      int r = index.get(row.itemId());
      newIds[r] = row.itemId();
      if (row.version() <= newVersions[r]) continue;
      System.arraycopy(row.vector(), 0, newData, r * dimension, dimension);
      newVersions[r] = row.version();
      changed = true;
    }
    return changed ? new VectorTable(dimension, newIds, index, newData, newVersions) : this;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return ids.length;
  }

  /** The item's row, or -1 when this space has no vector for it. */
  public int rowOf(String itemId) {
    Integer r = rowOf.get(itemId);
    return r == null ? -1 : r;
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
}
