package io.pushrec.push;

import io.pushrec.CborSerializable;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.Explanation;
import io.pushrec.core.InterestState;
import io.pushrec.core.PushCopy;
import io.pushrec.core.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A push on its way from the user's entity to the user's open tabs. It carries its text and reasons in
 * every language, because the language is chosen per socket (the user's preference, else the tab's
 * Accept-Language) and the entity does not know its sockets' headers.
 *
 * @param preferredLanguage the user's explicit choice, or null
 * @param copies per language: the push text and one reason per item
 */
public record PushMessage(String type, String pushId, String userId, List<PushItem> items, String reason, long createdAt,
    String kind, String variant, String preferredLanguage, Map<String, Copy> copies) implements CborSerializable {

  public record PushItem(String itemId, double score, String reason, String title, String category, String brand) {}

  public record Copy(String text, List<String> reasons) implements CborSerializable {}

  /** What a socket sends: one language. */
  public record Localized(String type, String pushId, String userId, List<PushItem> items, String reason, String text,
      String language, String kind, String variant, long createdAt) {}

  /** A push whose reasons are the scorer's own (English) ones. */
  public static PushMessage of(
      String pushId, String userId, List<Recommendation> recommendations, CatalogSnapshot catalog, long createdAt) {
    List<PushItem> items = recommendations.stream().map(r -> describe(r, catalog)).toList();
    String reason = items.isEmpty() ? "" : items.get(0).reason();
    return new PushMessage("recommendations", pushId, userId, items, reason, createdAt, "update", "", null, Map.of());
  }

  /** A push whose reasons are grounded in the user's own events and whose text comes from the copy templates. */
  public static PushMessage explained(String pushId, String userId, List<Recommendation> recommendations,
      InterestState user, CatalogSnapshot catalog, long createdAt, String kind, String variant, PushCopy.Style style,
      String preferredLanguage) {
    List<Explanation> why = recommendations.stream()
        .map(r -> Explanation.of(r.itemId(), user, catalog, user.getAsOfMillis())).toList();
    Map<String, Copy> copies = new LinkedHashMap<>();
    for (String language : PushCopy.LANGUAGES) {
      List<String> reasons = why.stream().map(w -> PushCopy.reason(w, language)).toList();
      String text = recommendations.isEmpty() ? "" : PushCopy.text(itemOrPlaceholder(recommendations.get(0).itemId(),
          catalog), why.get(0), recommendations.size() - 1, style, language);
      copies.put(language, new Copy(text, reasons));
    }
    List<PushItem> items = new ArrayList<>();
    List<String> english = copies.get("en").reasons();
    for (int i = 0; i < recommendations.size(); i++) {
      PushItem plain = describe(recommendations.get(i), catalog);
      items.add(new PushItem(plain.itemId(), plain.score(), english.get(i), plain.title(), plain.category(), plain.brand()));
    }
    String reason = items.isEmpty() ? "" : items.get(0).reason();
    return new PushMessage("recommendations", pushId, userId, items, reason, createdAt, kind, variant,
        preferredLanguage, copies);
  }

  /** This push in the user's preferred language, else the first supported one of {@code acceptLanguage}. */
  public Localized localized(String acceptLanguage) {
    String language = PushCopy.language(preferredLanguage, acceptLanguage);
    Copy copy = copies.get(language);
    if (copy == null) {
      return new Localized(type, pushId, userId, items, reason, "", "en", kind, variant, createdAt);
    }
    List<PushItem> translated = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      PushItem it = items.get(i);
      translated.add(new PushItem(it.itemId(), it.score(), copy.reasons().get(i), it.title(), it.category(), it.brand()));
    }
    String first = translated.isEmpty() ? "" : translated.get(0).reason();
    return new Localized(type, pushId, userId, translated, first, copy.text(), language, kind, variant, createdAt);
  }

  public static PushItem describe(Recommendation r, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(r.itemId());
    if (item == null) return new PushItem(r.itemId(), r.score(), r.reason(), "item " + r.itemId(), "", "");
    return new PushItem(r.itemId(), r.score(), r.reason(), item.displayName(), item.category(), item.brand());
  }

  private static CatalogItem itemOrPlaceholder(String itemId, CatalogSnapshot catalog) {
    CatalogItem item = catalog.item(itemId);
    return item == null ? CatalogItem.discovered(itemId) : item;
  }
}
