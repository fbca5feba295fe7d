package io.entrarenewal.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void givenCellsOfDifferentWidths_print_alignsColumnsAndKeepsRowsOnOneLine() {
    StringWriter text = new StringWriter();

    new Table("APP", "DAYS", "DETAIL")
        .row("Payroll", 10, "two\nlines")
        .row("HR", null, "")
        .print(new PrintWriter(text));

    assertThat(text.toString().lines()).containsExactly(
        "APP      DAYS  DETAIL",
        "Payroll  10    two lines",
        "HR       -     -");
  }

  @Test
  void givenFailureAndHandOver_worst_isTheFailure() {
    assertThat(ExitCodes.worst(ExitCodes.HANDED_OVER, ExitCodes.FAILURE))
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(ExitCodes.worst(ExitCodes.SUCCESS, ExitCodes.HANDED_OVER))
        .isEqualTo(ExitCodes.HANDED_OVER);
  }
}
