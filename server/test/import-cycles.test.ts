import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No module of the server imports, at run time, one that imports it back
 * (docs/architecture.md: a capability another builds on declares a hook instead, filled
 * in modules/wiring.ts). Type-only imports are left out: the compiler erases them.
 */
const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.includes('test-support') ? [full] : [];
  });
}

/** The relative modules a file loads when it runs: imports, re-exports and side-effect imports that are not all types. */
export function runtimeImports(file: string, text: string): string[] {
  const found: string[] = [];
  const statement = /^(import|export)\s+(type\s+)?([^'";]*?)\s*(?:from\s+)?['"](\.[^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    const [, , typeOnly, clause, target] = m as unknown as [string, string, string | undefined, string, string];
    if (typeOnly) continue;
    const braces = /\{([^}]*)\}/.exec(clause);
    const bare = clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
    const names = braces ? braces[1]!.split(',').map((n) => n.trim()).filter(Boolean) : [];
    if (braces && !bare && names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    found.push(path.resolve(path.dirname(file), target.replace(/\.js$/, '.ts')));
  }
  return found;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the server modules', () => {
  it('tells run-time imports from type-only ones', () => {
    const file = path.join(SRC, 'modules/x/service.ts');
    const text = [
      "import type { A } from './a.js';",
      "import { type B, type C } from './b.js';",
      "import { D, type E } from './d.js';",
      "import './tables.js';",
      "export { F } from '../f/service.js';",
      "export type { G } from './g.js';",
      "import { sql } from 'kysely';",
    ].join('\n');
    expect(runtimeImports(file, text).map((f) => path.relative(SRC, f))).toEqual(['modules/x/d.ts', 'modules/x/tables.ts', 'modules/f/service.ts']);
  });

  it('import no module at run time that imports them back', () => {
    const files = sources(SRC);
    const graph = new Map(files.map((file) => [file, runtimeImports(file, fs.readFileSync(file, 'utf8')).filter((f) => fs.existsSync(f))]));
    expect(graph.size).toBeGreaterThan(200);
    expect(cycles(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(' → '))).toEqual([]);
  });
});
