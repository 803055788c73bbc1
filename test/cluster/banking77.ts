import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS_DIR } from '../helpers/samples.js';

export const BANKING77_CSV = path.join(DATASETS_DIR, 'banking77', 'test.csv');

/** RFC 4180 rows: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Banking77 test split (read in place from ../shared): texts and their intent labels. */
export function readBanking77(file = BANKING77_CSV): { texts: string[]; intents: string[] } {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (header.join(',') !== 'text,category') throw new Error(`unexpected Banking77 header: ${header.join(',')}`);
  const complete = rows.filter((r) => r.length === 2);
  return { texts: complete.map((r) => r[0]), intents: complete.map((r) => r[1]) };
}
