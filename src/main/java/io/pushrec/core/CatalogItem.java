package io.pushrec.core;

import java.util.List;
import java.util.Objects;

/** An item as the catalogue knows it. Empty strings, not nulls, for missing text; price may be null. */
public record CatalogItem(
    String itemId,
    String title,
    String description,
    String category,
    String brand,
    Double price,
    List<String> tags,
    boolean available) {

  public CatalogItem {
    Objects.requireNonNull(itemId, "itemId");
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    category = category == null ? "" : category;
    brand = brand == null ? "" : brand;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** An item first seen in an event: it can be recommended, but nothing is known about it yet. */
  public static CatalogItem discovered(String itemId) {
    return new CatalogItem(itemId, "", "", "", "", null, List.of(), true);
  }

  static final int SHORT_NAME_LENGTH = 48;

  /** A label for people; never invents text the shop did not give. */
  public String displayName() {
    return title.isEmpty() ? "item " + itemId : title;
  }

  /** The display name cut at a word boundary, for explanations that must fit a notification. */
  public String shortName() {
    String name = displayName();
    if (name.length() <= SHORT_NAME_LENGTH) return name;
    int cut = name.lastIndexOf(' ', SHORT_NAME_LENGTH);
    return name.substring(0, cut > SHORT_NAME_LENGTH / 2 ? cut : SHORT_NAME_LENGTH).replaceAll("[,;:\\s]+$", "") + "…";
  }
}
