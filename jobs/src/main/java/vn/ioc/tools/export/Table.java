package vn.ioc.tools.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * What an export writes: named columns and rows of fields (null: empty), as CSV for Excel ({@link
 * CsvText}) or as JSON (an array of objects with the columns as keys; the {@code numeric} columns
 * as numbers, empty fields as null).
 */
record Table(List<String> columns, Set<String> numeric, List<List<String>> rows) {

  byte[] csv() {
    CsvText out = new CsvText().line(columns);
    for (List<String> r : rows) out.line(r);
    return out.bytes();
  }

  byte[] json() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(bytes)) {
      g.writeStartArray();
      for (List<String> r : rows) {
        g.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
          String v = r.get(i);
          g.writeFieldName(columns.get(i));
          if (v == null) g.writeNull();
          else if (numeric.contains(columns.get(i))) g.writeNumber(new BigDecimal(v));
          else g.writeString(v);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  byte[] bytes(String format) {
    return format.equals("json") ? json() : csv();
  }
}
