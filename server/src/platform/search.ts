/**
 * Chinese names are searched by two characters ("城关", "雁滩"), below pg_trgm's
 * three. Names store their character bigrams in a GIN-indexed array; a query
 * matches rows holding all of its bigrams, then the exact substring test
 * removes rows whose bigrams occur apart.
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export function bigrams(text: string): string[] {
  const chars = [...normalise(text)];
  const tokens = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) tokens.add(chars[0]!);
  return [...tokens];
}

/** Tokens a query must all find; a one-character query has none and falls back to the substring test. */
export function queryTokens(query: string): string[] {
  return [...normalise(query)].length >= 2 ? bigrams(query) : [];
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
