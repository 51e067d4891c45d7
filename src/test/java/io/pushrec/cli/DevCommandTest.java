package io.pushrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushrec.core.CatalogItem;
import io.pushrec.core.CatalogSnapshot;
import io.pushrec.core.CoVisitationModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevCommandTest {
  static CatalogItem titled(String id, String title) {
    return new CatalogItem(id, title, "", "lab", "", null, List.of(), true);
  }

  @Test
  void theDemoShopLoadsItemsTheCatalogueLacksOrKnowsOnlyFromEvents() {
    List<CatalogItem> demo = List.of(titled("1", "Pipette"), titled("2", "Beaker"), titled("3", "Flask"));
    // "1" was discovered by an event during the start; "2" the shop already has, perhaps edited.
    CatalogSnapshot catalog = CatalogSnapshot.of(
        List.of(CatalogItem.discovered("1"), titled("2", "Beaker, 250 ml")), CoVisitationModel.EMPTY);
    assertEquals(List.of("1", "3"), DevCommand.missingFrom(catalog, demo).stream().map(CatalogItem::itemId).toList());
    assertEquals(List.of(), DevCommand.missingFrom(CatalogSnapshot.of(demo, CoVisitationModel.EMPTY), demo));
  }
}
