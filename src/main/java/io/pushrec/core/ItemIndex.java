package io.pushrec.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dense indices 0..n-1 for external item ids, so models can keep items in arrays and matrices. */
public final class ItemIndex {
  private final List<String> ids;
  private final Map<String, Integer> indexOf;

  private ItemIndex(List<String> ids) {
    this.ids = Collections.unmodifiableList(ids);
    this.indexOf = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      if (indexOf.put(ids.get(i), i) != null) throw new IllegalArgumentException("duplicate item id " + ids.get(i));
    }
  }

  public static ItemIndex of(List<String> ids) {
    return new ItemIndex(new ArrayList<>(ids));
  }

  public int size() {
    return ids.size();
  }

  /** The dense index, or -1 for an item this index does not know. */
  public int indexOf(String itemId) {
    Integer i = indexOf.get(itemId);
    return i == null ? -1 : i;
  }

  public String idOf(int index) {
    return ids.get(index);
  }

  public List<String> ids() {
    return ids;
  }
}
