import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { AppError } from './errors.js';
import { defineMessages } from './i18n.js';
import { beijingToday } from './time.js';

const M = defineMessages({
  excel_invalid: { 'zh-CN': '上传的文件不是有效的 Excel（.xlsx）文件', 'en-US': 'The uploaded file is not a valid Excel (.xlsx) file' },
  excel_empty: { 'zh-CN': 'Excel 文件中没有数据行', 'en-US': 'The Excel file has no data rows' },
  excel_headers: { 'zh-CN': 'Excel 表头与模板不符，缺少列：{missing}', 'en-US': 'The Excel header does not match the template; missing: {missing}' },
});

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/* Staff read times in Beijing time; 'sv-SE' formats as 2026-11-22 09:30:00. */
const BEIJING = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' });

/** An instant as staff read it in a spreadsheet cell; '' for none. */
export function beijingTime(at: string | Date | null): string {
  return at === null ? '' : BEIJING.format(typeof at === 'string' ? new Date(at) : at);
}

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

/** An export holds at most this many rows; the console's list pages are read this many at a time. */
const EXPORT_MAX_ROWS = 5000;
const EXPORT_PAGE = 200;

/**
 * Every page of a list as the console reads it (the same scope, filters and masking), up
 * to EXPORT_MAX_ROWS rows: what an export of that list writes.
 */
export async function everyPage<T>(read: (page: { current: number; pageSize: number }) => Promise<{ data: T[]; total: number }>): Promise<T[]> {
  const rows: T[] = [];
  for (let current = 1; rows.length < EXPORT_MAX_ROWS; current++) {
    const page = await read({ current, pageSize: EXPORT_PAGE });
    rows.push(...page.data);
    if (page.data.length < EXPORT_PAGE || rows.length >= page.total) break;
  }
  return rows;
}

/** One sheet with a bold, frozen header row: what staff expect from an export. */
export async function toXlsx<T>(sheetName: string, columns: Column<T>[], rows: Iterable<T>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length * 2 + 4) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** '诉求' → '诉求_2026-12-03.xlsx': dated by the Beijing day staff file the export under. */
export const datedName = (base: string) => `${base}_${beijingToday()}.xlsx`;

export function sendXlsx(reply: FastifyReply, filename: string, buffer: Buffer) {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(buffer);
}

export interface SheetRow {
  /** The row number a person sees in Excel (header = 1). */
  rowNumber: number;
  values: Record<string, string>;
}

/**
 * Reads the first sheet into rows keyed by header text. Anything that is not
 * a readable .xlsx is a 400, never a crash; required headers are checked here
 * so every importer reports a wrong template the same way.
 */
export async function readXlsx(buffer: Buffer, requiredHeaders: string[]): Promise<SheetRow[]> {
  const book = new ExcelJS.Workbook();
  try {
    // ZIP signature: exceljs otherwise spends time on arbitrary bytes before failing.
    if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip');
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, M.excel_invalid);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new AppError(400, M.excel_empty);
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (headers[col] = cellText(cell.value)));
  const missing = requiredHeaders.filter((h) => !headers.includes(h));
  if (missing.length > 0) throw new AppError(400, M.excel_headers, { missing: missing.join('、') });
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    headers.forEach((header, col) => {
      if (!header) return;
      const text = cellText(row.getCell(col).value);
      values[header] = text;
      if (text) any = true;
    });
    if (any) rows.push({ rowNumber, values });
  });
  if (rows.length === 0) throw new AppError(400, M.excel_empty);
  return rows;
}

/**
 * A cell as the importers read it: trimmed, and without NUL characters, which another
 * system's export can carry (a UTF-16 file read as bytes, a padded field) and which
 * PostgreSQL text cannot hold.
 */
export const cleanCell = (text: string) => text.replaceAll('\u0000', '').trim();

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    if ('richText' in value) return cleanCell(value.richText.map((r) => r.text).join(''));
    if ('text' in value) return cleanCell(String(value.text));
    if ('result' in value) return cleanCell(String(value.result ?? ''));
  }
  return cleanCell(String(value));
}
