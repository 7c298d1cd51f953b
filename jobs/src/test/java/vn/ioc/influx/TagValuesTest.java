package vn.ioc.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagValuesTest {

  @Test
  void keepsVietnameseCommasSpacesAndEqualsSigns() {
    String v = "Sở Tư pháp, tỉnh Nghệ An = 40";
    assertSame(v, TagValues.sanitize(v));
    assertTrue(TagValues.isClean(v));
  }

  @Test
  void lineBreaksAndOtherControlCharactersBecomeSpaces() {
    assertEquals("a b", TagValues.sanitize("a\nb"));
    assertEquals("a  b", TagValues.sanitize("a\r\nb"));
    assertEquals("a b c", TagValues.sanitize("a\tb\u0000c"));
    assertEquals("x y", TagValues.sanitize("x\u0085y")); // C1 next line
    assertEquals("forged m x=1 ", TagValues.sanitize("forged\nm x=1\n"));
  }

  @Test
  void everyBackslashIsReplaced() {
    assertEquals("a⧵", TagValues.sanitize("a\\"));
    assertEquals("a⧵⧵", TagValues.sanitize("a\\\\"));
    assertEquals("⧵,b", TagValues.sanitize("\\,b"));
    assertEquals("C:⧵dir", TagValues.sanitize("C:\\dir"));
    assertFalse(TagValues.isClean("a\\"));
  }

  @Test
  void emptyAndNullBecomeAVisiblePlaceholder() {
    assertEquals("(empty)", TagValues.sanitize(""));
    assertEquals("(empty)", TagValues.sanitize(null));
    assertEquals(" ", TagValues.sanitize(" "));
    assertFalse(TagValues.isClean(""));
  }
}
