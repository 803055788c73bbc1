import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';

/**
 * Texts to cluster from a CSV file (with a header row) or a JSONL file (objects, or bare
 * strings), in input order. Chosen by content: a first non-blank character of `{` or `"`
 * means JSONL. Errors name the file and the line.
 */
export function readTexts(file: string, column = 'text'): string[] {
  const raw = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const first = raw.trimStart()[0];
  if (first === '{' || first === '"') {
    const texts: string[] = [];
    raw.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new Error(`${file} line ${i + 1}: not valid JSON (${(err as Error).message})`);
      }
      const text = typeof value === 'string' ? value : (value as Record<string, unknown>)[column];
      if (typeof text !== 'string') throw new Error(`${file} line ${i + 1}: no string field "${column}"`);
      texts.push(text);
    });
    return texts;
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(raw, { columns: true, skip_empty_lines: true, relax_column_count: false });
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  if (rows.length > 0 && !(column in rows[0])) {
    throw new Error(`${file}: no column "${column}" (columns: ${Object.keys(rows[0]).join(', ')}); use --text-column`);
  }
  return rows.map((r) => r[column]);
}
