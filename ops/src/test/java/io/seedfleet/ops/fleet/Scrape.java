package io.seedfleet.ops.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A Prometheus text scrape read into {@code name{labels} -> value}, enough for tests. */
record Scrape(Map<String, Double> samples) {
  static Scrape parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new Scrape(samples);
  }

  /** Metric names without labels. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.keySet().forEach(k -> names.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
    return names;
  }

  /** The value of {@code series} (a name, with its labels if it has any), or NaN when absent. */
  double value(String series) {
    return samples.getOrDefault(series, Double.NaN);
  }
}
