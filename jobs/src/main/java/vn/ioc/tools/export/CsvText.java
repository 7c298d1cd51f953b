package vn.ioc.tools.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as RFC 4180 writes it, for Excel: UTF-8 with a byte-order mark first (how Excel knows the
 * text is UTF-8; never a {@code sep=} line, which makes Excel ignore the mark), fields separated by
 * commas, lines ended by CRLF, a field quoted when it holds a comma, a quote, CR or LF, and a quote
 * inside doubled.
 */
final class CsvText {
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final StringBuilder text = new StringBuilder();

  /** Appends one record. */
  CsvText line(List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) text.append(',');
      String f = fields.get(i) == null ? "" : fields.get(i);
      boolean quote =
          f.indexOf(',') >= 0
              || f.indexOf('"') >= 0
              || f.indexOf('\r') >= 0
              || f.indexOf('\n') >= 0;
      if (quote) text.append('"').append(f.replace("\"", "\"\"")).append('"');
      else text.append(f);
    }
    text.append("\r\n");
    return this;
  }

  /** The bytes: the mark, then the records in UTF-8. */
  byte[] bytes() {
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, out, 0, BOM.length);
    System.arraycopy(body, 0, out, BOM.length, body.length);
    return out;
  }
}
