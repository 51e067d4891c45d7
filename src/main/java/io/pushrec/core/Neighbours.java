package io.pushrec.core;

/**
 * The items most often interacted with close to one item, strongest first.
 *
 * @param weights normalised co-visitation strengths, same length as {@code itemIds}
 */
public record Neighbours(String[] itemIds, float[] weights) {
  public static final Neighbours NONE = new Neighbours(new String[0], new float[0]);

  public int size() {
    return itemIds.length;
  }
}
