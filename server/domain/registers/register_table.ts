/**
 * A register as a table, whatever file it came in: the header row and the data rows, each with
 * the line (CSV) or row number (spreadsheet) a person finds it at, and for a spreadsheet the
 * cells that hold a formula (`C5` → `=B5*2`) so that a formula where a number belongs is refused
 * by name.
 */
export interface RegisterTable {
  /** `csv (gb18030)`, `xlsx sheet "户籍"` …: said back to the user. */
  source: string;
  header: string[];
  rows: RegisterTableRow[];
}

export interface RegisterTableRow {
  /** The row as a person numbers it: the header is row 1. */
  row: number;
  cells: string[];
  /** Column index → `C5: =B5*2`, for cells holding a formula (spreadsheets only). */
  formulas?: Map<number, string>;
}
