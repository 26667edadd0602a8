import fs from 'node:fs';
import readline from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/*
 * Logical backup and restore through plain SQL, identical on PGlite and on a
 * PostgreSQL server, so a backup of one restores into the other (this is also
 * how an installation moves from the embedded database to a server).
 *
 * File: gzip'd JSON lines.
 *   line 1            header  {format, version, created_at, migrations[], tables[{name, columns, primaryKey, rows}]}
 *   per table         section {table, rows}  followed by `rows` lines, each one row as PostgreSQL's row_to_json
 *   last line         trailer {end: true, tables, rows, sequences[{name, table, column, lastValue, isCalled}]}
 *
 * Rows are written exactly as PostgreSQL renders them and sent back as text
 * to json_populate_recordset, never parsed in JavaScript, so bigints,
 * numerics and timestamps survive unchanged.
 */

export const BACKUP_FORMAT = 'gongzhi-backup';
export const BACKUP_VERSION = 1;

export interface BackupTable {
  name: string;
  /** Columns that are restored (generated columns are left out: the database recomputes them). */
  columns: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupMigration {
  version: string;
  name: string;
  checksum: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  migrations: BackupMigration[];
  tables: BackupTable[];
}

export interface BackupSequence {
  name: string;
  /** The table and column the sequence feeds (serial / identity), null for a free-standing sequence. */
  table: string | null;
  column: string | null;
  lastValue: string;
  isCalled: boolean;
}

export interface Trailer {
  end: true;
  tables: number;
  rows: number;
  sequences: BackupSequence[];
}

/** A refusal or a damaged file: the message is for the operator, no stack trace needed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Lines of a backup file, one at a time. */
export class BackupReader {
  private readonly lines: AsyncIterator<string>;
  lineNo = 0;

  constructor(readonly file: string) {
    let input: Readable;
    try {
      input = fs.createReadStream(file);
    } catch (error) {
      throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const gunzip = zlib.createGunzip();
    const text = new PassThrough();
    input.on('error', (error) => text.destroy(new BackupError(`Cannot read ${file}: ${error.message}`)));
    gunzip.on('error', (error) => text.destroy(new BackupError(`${file} is not a complete gzip file (${error.message})`)));
    input.pipe(gunzip).pipe(text);
    this.lines = readline.createInterface({ input: text, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async next(): Promise<string | null> {
    const { value, done } = await this.lines.next();
    if (done) return null;
    this.lineNo++;
    return value;
  }

  async json<T>(what: string): Promise<T> {
    const line = await this.next();
    if (line === null) throw new BackupError(`${this.file} ends early: expected ${what} at line ${this.lineNo + 1} (the file is truncated)`);
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new BackupError(`${this.file} line ${this.lineNo}: expected ${what}, found something else`);
    }
  }

  async close() {
    await this.lines.return?.();
  }
}

export async function readHeaderFrom(reader: BackupReader): Promise<BackupHeader> {
  let header: BackupHeader;
  try {
    header = await reader.json<BackupHeader>('the header');
  } catch (error) {
    if (error instanceof BackupError && /gzip|header/.test(error.message)) {
      throw new BackupError(`${reader.file} is not a Gongzhi backup (${error.message})`);
    }
    throw error;
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError(`${reader.file} is not a Gongzhi backup`);
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(`${reader.file} has backup format version ${header.version}; this version of Gongzhi reads version ${BACKUP_VERSION}`);
  }
  return header;
}

/** The header of a backup file (format, migrations, tables and row counts). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = new BackupReader(file);
  try {
    return await readHeaderFrom(reader);
  } finally {
    await reader.close();
  }
}
