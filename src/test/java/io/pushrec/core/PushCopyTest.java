package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushCopyTest {
  static final CatalogItem BRANDED = new CatalogItem("1", "Gorilla Original Glue", "", "Adhesives", "Gorilla", null,
      List.of(), true);
  static final CatalogItem UNBRANDED = new CatalogItem("2", "Lab Goggles", "", "", "", null, List.of(), true);
  static final CatalogItem UNKNOWN = CatalogItem.discovered("3");

  @Test
  void noTemplateEverShowsAnEmptyOrUnfilledSlot() {
    for (String language : PushCopy.LANGUAGES) {
      for (Explanation.Kind kind : Explanation.Kind.values()) {
        Explanation why = kind == Explanation.Kind.POPULAR ? Explanation.POPULAR : new Explanation(kind, "Safety Glasses");
        for (PushCopy.Style style : PushCopy.Style.values()) {
          for (CatalogItem item : List.of(BRANDED, UNBRANDED, UNKNOWN)) {
            for (int others : new int[] {0, 3}) {
              String text = PushCopy.text(item, why, others, style, language);
              String where = language + "/" + kind + "/" + style + "/" + item.itemId() + "/" + others + ": " + text;
              assertFalse(text.contains("{") || text.contains("}"), where);
              assertFalse(text.contains("「」") || text.contains("()") || text.contains(":  ") || text.contains(" by ."),
                  where);
              assertFalse(text.isBlank(), where);
              assertTrue(text.contains(item.shortName()), where);
            }
          }
        }
      }
    }
  }

  @Test
  void everyTemplateSlotIsOneThatIsFilled() {
    for (String template : PushCopy.allTemplates()) {
      String filled = PushCopy.fill(template, Map.of("subject", "s", "title", "t", "brand", "b", "reason", "r",
          "Reason", "R", "more", "", "count", "2"));
      assertFalse(filled.contains("{"), template);
    }
  }

  @Test
  void aMissingSlotValueFailsLoudly() {
    assertThrows(IllegalArgumentException.class, () -> PushCopy.fill("{brand}: {title}", Map.of("title", "t", "brand", " ")));
  }

  @Test
  void bothLanguagesNameTheSameFacts() {
    Explanation why = new Explanation(Explanation.Kind.VIEWED, "Safety Glasses");
    assertEquals("Gorilla: Gorilla Original Glue (because you viewed Safety Glasses) and 2 more",
        PushCopy.text(BRANDED, why, 2, PushCopy.Style.ITEM_FIRST, "en"));
    assertEquals("因为你浏览过「Safety Glasses」：Gorilla「Gorilla Original Glue」",
        PushCopy.text(BRANDED, why, 0, PushCopy.Style.REASON_FIRST, "zh"));
    assertEquals("Popular with shoppers now: Lab Goggles",
        PushCopy.text(UNBRANDED, Explanation.POPULAR, 0, PushCopy.Style.REASON_FIRST, "en"));
  }

  @Test
  void languageComesFromThePreferenceThenAcceptLanguage() {
    assertEquals("zh", PushCopy.language(null, "zh-CN,zh;q=0.9,en;q=0.8"));
    assertEquals("en", PushCopy.language(null, "fr-FR, en-GB;q=0.8"));
    assertEquals("en", PushCopy.language(null, "fr"));
    assertEquals("en", PushCopy.language(null, null));
    assertEquals("zh", PushCopy.language("zh", "en-US"));
  }
}
