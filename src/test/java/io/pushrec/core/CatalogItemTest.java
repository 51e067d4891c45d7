package io.pushrec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogItemTest {
  static CatalogItem titled(String title) {
    return new CatalogItem("42", title, "", "", "", null, List.of(), true);
  }

  @Test
  void anItemWithoutTitleIsNamedByItsIdOnly() {
    assertEquals("item 42", titled("").displayName());
  }

  @Test
  void longTitlesAreCutAtAWordForExplanations() {
    String title = "AcuRite 00613 Humidity Monitor with Indoor Thermometer, Digital Hygrometer and Humidity Gauge";
    String shortName = titled(title).shortName();
    assertEquals("AcuRite 00613 Humidity Monitor with Indoor…", shortName);
    assertTrue(title.startsWith(shortName.substring(0, shortName.length() - 1)));
    assertEquals("Short title", titled("Short title").shortName());
  }
}
