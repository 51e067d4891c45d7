package io.pushrec.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushrec.core.BehaviourEvent;
import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import io.pushrec.core.EventType;
import io.pushrec.core.InterestState;
import io.pushrec.core.PushCopy;
import io.pushrec.core.Recommendation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushMessageTest {
  static final CatalogSnapshot CATALOG = CatalogSnapshot.of(List.of(
      new CatalogItem("glue", "Gorilla Glue", "", "Adhesives", "Gorilla", null, List.of(), true),
      new CatalogItem("tape", "Gorilla Tape", "", "Tapes", "Gorilla", null, List.of(), true),
      new CatalogItem("clamp", "Bar Clamp", "", "Adhesives", "", null, List.of(), true)),
      CoVisitationModel.train(List.of(List.of("glue", "tape"), List.of("glue", "tape")), 3, 10));
  static final InterestState USER = InterestState.EMPTY.apply(
      new BehaviourEvent("e1", EventType.VIEW, "glue", null, 1_000L, Map.of()), "Adhesives");

  static PushMessage push(String preferred) {
    return PushMessage.explained("u:1", "u", List.of(new Recommendation("tape", 1, "r"), new Recommendation("clamp", 0.5, "r")),
        USER, CATALOG, 5L, "update", "control", PushCopy.Style.ITEM_FIRST, preferred);
  }

  @Test
  void reasonsAreGroundedInTheUsersOwnEvents() {
    PushMessage.Localized en = push(null).localized(null);
    assertEquals("because you viewed Gorilla Glue", en.items().get(0).reason());
    assertEquals("popular in Adhesives, which you like", en.items().get(1).reason());
    assertEquals("Gorilla: Gorilla Tape (because you viewed Gorilla Glue) and 1 more", en.text());
  }

  @Test
  void theUsersPreferenceBeatsTheBrowsersLanguage() {
    PushMessage.Localized zh = push(null).localized("zh-CN,zh;q=0.9");
    assertEquals("zh", zh.language());
    assertEquals("因为你浏览过「Gorilla Glue」", zh.reason());
    assertEquals("你喜欢的「Adhesives」类热门商品", zh.items().get(1).reason());
    assertEquals("en", push("en").localized("zh-CN").language());
    assertTrue(push("zh").localized("en-US").text().startsWith("Gorilla「Gorilla Tape」"));
  }
}
