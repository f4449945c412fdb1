package io.seedfleet.ops.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table; cells are stripped of control characters so names cannot drive the terminal. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  void row(String... cells) {
    String[] clean = new String[columns];
    for (int i = 0; i < columns; i++) {
      String cell = i < cells.length && cells[i] != null ? cells[i] : "";
      clean[i] = cell.replaceAll("\\p{Cntrl}", "?");
    }
    rows.add(clean);
  }

  void print(PrintStream out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
