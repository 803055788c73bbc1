import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../electron/engine/store/db.js';
import type { LabelledMoment } from './score.js';

/*
 * The real logs in ../shared/samples where something recurs, labelled by hand
 * (sample-labels.json: locators only, never the text). Each moment of the labelled files is traced
 * to its file, session and message position; those listed carry their problem's name, the rest 'noise'.
 */

export interface SampleLocator {
  /** Relative to the samples folder; a zip member as `archive.zip!/member`. */
  file: string;
  session: string;
  seq: number;
  kind: string;
}

export interface SampleLabels {
  files: string[];
  problems: { name: string; means: string; occurrences: SampleLocator[] }[];
}

export const SAMPLE_LABELS = path.join(import.meta.dirname, 'sample-labels.json');

export function readSampleLabels(file = SAMPLE_LABELS): SampleLabels {
  return JSON.parse(readFileSync(file, 'utf8')) as SampleLabels;
}

const key = (l: Omit<SampleLocator, 'kind'> & { kind: string }) => `${l.file}\u0000${l.session}\u0000${l.seq}\u0000${l.kind}`;

/** Every moment of the store with its hand label, and how many labelled occurrences there are (some may not be moments). */
export function labelSampleMoments(db: Db, labels: SampleLabels, samplesDir: string): { moments: LabelledMoment[]; labelled: number } {
  const wanted = new Map<string, string>();
  for (const p of labels.problems) for (const o of p.occurrences) wanted.set(key(o), p.name);
  const rows = db
    .prepare<[], { id: number; kind: string; text_hash: string; path: string; session: string; seq: number }>(
      `SELECT mo.id, mo.kind, mo.text_hash, i.path, s.external_id AS session, m.seq
       FROM moments mo JOIN messages m ON m.id = mo.message_id JOIN sessions s ON s.id = mo.session_id
       JOIN import_sources i ON i.id = s.source_id ORDER BY mo.id`,
    )
    .all();
  const moments = rows.map((r) => {
    const label = wanted.get(key({ file: path.relative(samplesDir, r.path), session: r.session, seq: r.seq, kind: r.kind }));
    return { id: r.id, kind: r.kind, textHash: r.text_hash, label: label ?? 'noise' };
  });
  return { moments, labelled: wanted.size };
}
