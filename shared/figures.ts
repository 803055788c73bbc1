import type { ImportSummary } from './types.js';
import { plural } from './words.js';

/*
 * The words for figures that more than one face shows (the app's screens and the CLI), so a
 * number is said the same way everywhere. The figures themselves are defined in the engine
 * (electron/engine/figures/); this file only words them and has no Node imports.
 */

// One plural rule for the whole app (entry → entries, match → matches): shared/words.ts.
export { plural } from './words.js';

/** What writing drafts did: drafts written, how many of them (or older lessons) merged away as near-duplicates, live lessons after. */
export interface DraftCounts {
  written: number;
  /** Lessons retired by merging them into a near-duplicate, in this run. */
  merged: number;
  /** Live lessons (drafts and adopted) after the run: what the Lessons list shows. */
  lessons: number;
}

export function draftCountWords(c: DraftCounts): string {
  const merged = c.merged ? `; ${plural(c.merged, 'lesson was', 'lessons were')} merged into a near-duplicate` : '';
  return `Wrote ${plural(c.written, 'local draft')}${merged}. ${plural(c.lessons, 'lesson')} in all now.`;
}

/**
 * A lesson's evidence beside its pattern's size: the pattern was seen `seen` times; a lesson keeps
 * at most its 100 most typical moments as evidence. One sentence, so the two numbers never look
 * like the same figure disagreeing.
 */
export function evidenceWords(evidence: number, seen: number | null): string {
  if (seen === null || seen === evidence) return `${plural(evidence, 'moment')} of evidence`;
  return `pattern seen ${plural(seen, 'time')}; ${evidence.toLocaleString('en')} of its moments kept as evidence`;
}

/** Counts of an import, as the summary and the CLI say them. */
export interface ImportCounts {
  /** Files read now (not failed, cancelled, skipped, or known by their bytes). */
  read: number;
  /** Files whose exact bytes were imported before: not read again. */
  knownFiles: number;
  sessionsAdded: number;
  sessionsUpdated: number;
  /** Sessions in the files read that were already stored. */
  sessionsKnown: number;
  messagesAdded: number;
}

/**
 * An import in one sentence. Sessions already stored are counted only where files were read;
 * files known by their bytes are said as files, and a zero is never said beside them
 * ("0 already stored" next to "1 file imported before" read as a contradiction).
 */
export function importCountWords(c: ImportCounts): string {
  const parts: string[] = [];
  if (c.read > 0 || c.knownFiles === 0) {
    const sessions = [`${plural(c.sessionsAdded, 'new session')}`];
    if (c.sessionsUpdated) sessions.push(`${c.sessionsUpdated.toLocaleString('en')} updated`);
    if (c.sessionsKnown) sessions.push(`${c.sessionsKnown.toLocaleString('en')} already stored`);
    parts.push(`${plural(c.read, 'file')} read: ${sessions.join(', ')}; ${plural(c.messagesAdded, 'message')} added`);
  }
  if (c.knownFiles) parts.push(`${plural(c.knownFiles, 'file was', 'files were')} imported before (the same bytes) and not read again`);
  return `${parts.join('. ')}.`;
}

/** The counts of an import summary (the reports of its files). */
export function importCounts(s: ImportSummary): ImportCounts {
  return {
    read: s.files.filter((f) => !f.error && !f.cancelled && !f.skipped && !f.alreadyImported).length,
    knownFiles: s.files.filter((f) => f.alreadyImported).length,
    sessionsAdded: s.sessionsAdded,
    sessionsUpdated: s.sessionsUpdated,
    sessionsKnown: s.sessionsSkipped,
    messagesAdded: s.messagesAdded,
  };
}
