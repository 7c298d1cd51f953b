package vn.ioc.submissions;

/** The tags of one series key (what a snapshot is labelled with). A Flink POJO. */
public class SeriesTags {
  public Scope scope;
  public String province;
  public String district;
  public String commune;
  public String unit;
  public String service;

  public SeriesTags() {}

  static SeriesTags of(Contribution c) {
    SeriesTags t = new SeriesTags();
    t.scope = c.scope;
    t.province = c.province;
    t.district = c.district;
    t.commune = c.commune;
    t.unit = c.unit;
    t.service = c.service;
    return t;
  }

  boolean sameAs(Contribution c) {
    return scope == c.scope
        && java.util.Objects.equals(province, c.province)
        && java.util.Objects.equals(district, c.district)
        && java.util.Objects.equals(commune, c.commune)
        && java.util.Objects.equals(unit, c.unit)
        && java.util.Objects.equals(service, c.service);
  }
}
