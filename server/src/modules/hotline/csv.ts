import { AppError } from '../../platform/errors.js';
import { cleanCell, type SheetRow } from '../../platform/excel.js';
import { M } from './messages.js';

/**
 * CSV as government systems write it: UTF-8 with or without a BOM, or GBK
 * (GB18030, its superset) from older Chinese platforms; Excel's "Unicode
 * text" (UTF-16LE, tab-separated) too. Text that is not valid UTF-8 is read
 * as GB18030, which Node's full-ICU TextDecoder provides.
 */
export function decodeText(buffer: Buffer): { text: string; encoding: string } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buffer), encoding: 'gbk' };
  }
}

/** RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Rows keyed by header, numbered as a spreadsheet shows them (header = 1), blank rows dropped. */
export function readCsv(buffer: Buffer, requiredHeaders: string[]): SheetRow[] {
  const { text } = decodeText(buffer);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const [header, ...records] = parseCsv(text, delimiter);
  const headers = (header ?? []).map(cleanCell);
  const missing = requiredHeaders.filter((h) => !headers.includes(h));
  if (missing.length > 0) throw new AppError(400, M['hotline.headers'], { missing: missing.join('、') });
  const rows: SheetRow[] = [];
  records.forEach((record, i) => {
    const values: Record<string, string> = {};
    headers.forEach((h, col) => {
      if (h) values[h] = cleanCell(record[col] ?? '');
    });
    if (Object.values(values).some(Boolean)) rows.push({ rowNumber: i + 2, values });
  });
  if (rows.length === 0) throw new AppError(400, M['hotline.empty']);
  return rows;
}
