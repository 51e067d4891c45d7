package io.pushrec.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short text of a push and its reasons, in English and Chinese, from fixed templates filled only with
 * the item's own attributes and the user's own events. A template whose slot has no value is never used:
 * there is a variant without that slot, so no text ever shows an empty slot.
 */
public final class PushCopy {
  public static final List<String> LANGUAGES = List.of("en", "zh");

  /** Which part leads the notification: an A/B test may compare them. */
  public enum Style { ITEM_FIRST, REASON_FIRST }

  private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

  private static final Map<String, Map<Explanation.Kind, String>> REASONS = Map.of(
      "en", Map.of(
          Explanation.Kind.VIEWED, "because you viewed {subject}",
          Explanation.Kind.CLICKED, "because you clicked {subject}",
          Explanation.Kind.CARTED, "because you added {subject} to your cart",
          Explanation.Kind.FAVOURITED, "because you favourited {subject}",
          Explanation.Kind.BOUGHT, "because you bought {subject}",
          Explanation.Kind.CATEGORY, "popular in {subject}, which you like",
          Explanation.Kind.BRAND, "more from {subject}, a brand you looked at",
          Explanation.Kind.POPULAR, "popular with shoppers now"),
      "zh", Map.of(
          Explanation.Kind.VIEWED, "因为你浏览过「{subject}」",
          Explanation.Kind.CLICKED, "因为你点击过「{subject}」",
          Explanation.Kind.CARTED, "因为你把「{subject}」加入了购物车",
          Explanation.Kind.FAVOURITED, "因为你收藏了「{subject}」",
          Explanation.Kind.BOUGHT, "因为你购买了「{subject}」",
          Explanation.Kind.CATEGORY, "你喜欢的「{subject}」类热门商品",
          Explanation.Kind.BRAND, "你看过的品牌「{subject}」的更多商品",
          Explanation.Kind.POPULAR, "大家都在看"));

  /** Per language and style: the template with a brand slot first, then the one that needs no brand. */
  private static final Map<String, Map<Style, List<String>>> TEXTS = Map.of(
      "en", Map.of(
          Style.ITEM_FIRST, List.of("{brand}: {title} ({reason}){more}", "{title} ({reason}){more}"),
          Style.REASON_FIRST, List.of("{Reason}: {title} by {brand}{more}", "{Reason}: {title}{more}")),
      "zh", Map.of(
          Style.ITEM_FIRST, List.of("{brand}「{title}」——{reason}{more}", "「{title}」——{reason}{more}"),
          Style.REASON_FIRST, List.of("{reason}：{brand}「{title}」{more}", "{reason}：「{title}」{more}")));

  private static final Map<String, String> MORE = Map.of("en", " and {count} more", "zh", "，另有{count}件");

  private PushCopy() {}

  /** "en" or "zh" from an explicit preference, else the first supported Accept-Language entry, else "en". */
  public static String language(String preference, String acceptLanguage) {
    if (preference != null && LANGUAGES.contains(preference)) return preference;
    if (acceptLanguage != null) {
      for (String part : acceptLanguage.split(",")) {
        String tag = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String primary = tag.split("-")[0];
        if (LANGUAGES.contains(primary)) return primary;
      }
    }
    return "en";
  }

  public static String reason(Explanation why, String language) {
    return fill(REASONS.get(language).get(why.kind()), Map.of("subject", why.subject()));
  }

  /**
   * The notification text for a push led by {@code top}.
   *
   * @param others how many more items the push carries
   */
  public static String text(CatalogItem top, Explanation why, int others, Style style, String language) {
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put("title", top.shortName());
    String reason = reason(why, language);
    slots.put("reason", reason);
    slots.put("Reason", reason.substring(0, 1).toUpperCase(Locale.ROOT) + reason.substring(1));
    slots.put("more", others > 0 ? fill(MORE.get(language), Map.of("count", Integer.toString(others))) : "");
    List<String> templates = TEXTS.get(language).get(style);
    if (!top.brand().isEmpty()) {
      slots.put("brand", top.brand());
      return fill(templates.get(0), slots);
    }
    return fill(templates.get(1), slots);
  }

  /** Every template of every language, for the test that no slot ever stays empty. */
  static List<String> allTemplates() {
    List<String> all = new java.util.ArrayList<>();
    REASONS.values().forEach(m -> all.addAll(m.values()));
    TEXTS.values().forEach(m -> m.values().forEach(all::addAll));
    all.addAll(MORE.values());
    return all;
  }

  /** Fills every slot; a slot without a value is a bug, so it throws rather than print "{brand}". */
  static String fill(String template, Map<String, String> values) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) throw new IllegalArgumentException("no value for slot " + m.group() + " in " + template);
      boolean optional = m.group(1).equals("more");
      if (value.isBlank() && !optional) throw new IllegalArgumentException("empty slot " + m.group() + " in " + template);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
