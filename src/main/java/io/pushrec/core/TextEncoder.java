package io.pushrec.core;

/** Turns an item's text into a content vector. Implementations may be slow: call them off any actor's thread. */
public interface TextEncoder {
  /** Names the model, so a vector is never compared with one from another encoder. */
  String name();

  int dimension();

  /** A unit-length vector of {@link #dimension()} floats. */
  float[] embed(String text);

  /** What the encoder reads of an item: the words a shopper sees, most telling first. */
  static String textOf(CatalogItem item) {
    StringBuilder text = new StringBuilder(item.title());
    for (String part : new String[] {item.brand(), item.category(), item.description()}) {
      if (!part.isBlank()) text.append(". ").append(part);
    }
    return text.toString().strip();
  }
}
