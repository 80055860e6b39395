import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { ValidationError } from '../../errors.ts';
import { decodeText } from '../../domain/decode_text.ts';
import type { RegisterTable, RegisterTableRow } from '../../domain/registers/register_table.ts';

/** An .xlsx is a zip: it starts with the local file header PK\x03\x04. */
const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Cells in one spreadsheet at most: a register of a million rows belongs in a CSV. */
const MAX_XLSX_CELLS = 5_000_000;

/**
 * The table in an uploaded register, by sniffing its bytes (not trusting a name): an .xlsx (its
 * first sheet, read with exceljs) or CSV text, decoded by decodeText (UTF-8 with or without a
 * BOM, GBK/GB18030 recognised, or the `charset` named) and read with csv-parse. Text whose
 * encoding cannot be decided is a ValidationError naming the row.
 */
export async function readRegisterTable(bytes: Uint8Array, charset: string | undefined): Promise<RegisterTable> {
  if (isZip(bytes)) return readXlsx(bytes);
  const decoded = decodeText(bytes, charset);
  if ('problem' in decoded) throw new ValidationError(decoded.message, [decoded.problem]);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(decoded.text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new ValidationError(`The CSV cannot be read: ${(err as Error).message}. Nothing was written.`, [{ field: 'body', problem: (err as Error).message }]);
  }
  const [head, ...rest] = records;
  return { source: `csv (${decoded.encoding})`, header: head?.record ?? [], rows: rest.map((r) => ({ row: r.info.lines, cells: r.record })) };
}

async function readXlsx(bytes: Uint8Array): Promise<RegisterTable> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ValidationError(`The spreadsheet cannot be read as .xlsx: ${(err as Error).message}. Save it again as an Excel workbook (.xlsx) or as CSV.`, [{ field: 'body', problem: 'not a readable .xlsx' }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ValidationError('The workbook holds no sheet.', [{ field: 'body', problem: 'no sheet' }]);
  if (sheet.rowCount * Math.max(1, sheet.columnCount) > MAX_XLSX_CELLS) {
    throw new ValidationError(`Sheet "${sheet.name}" holds more than ${MAX_XLSX_CELLS} cells; send a register this large as CSV.`, [{ field: 'body', problem: 'too many cells' }]);
  }
  let header: string[] = [];
  const rows: RegisterTableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    let formulas: Map<number, string> | undefined;
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value as ExcelJS.CellValue;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
        (formulas ??= new Map()).set(col - 1, `${cell.address}: =${'formula' in v ? v.formula : v.sharedFormula}`);
      }
      cells[col - 1] = cellText(v);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (header.length === 0) header = cells;
    else if (cells.some((c) => c !== '')) rows.push({ row: n, cells, formulas });
  });
  return { source: `xlsx sheet "${sheet.name}"`, header, rows };
}

/** A cell's value as the text a person sees typed in it (a formula's cached result, rich text joined). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if ('text' in v && typeof v.text === 'string') return v.text.trim(); // a hyperlink
  if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result as ExcelJS.CellValue);
  if ('error' in v) return String(v.error);
  return '';
}
