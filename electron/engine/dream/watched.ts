import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../store/db.js';

/*
 * Folders Reverie watches for new sessions. Paths are stored absolute, so a watch added from
 * one working directory means the same folder from any other. A watched folder that has gone
 * missing stays on the list (a drive may be unplugged) and is reported, not removed.
 */

export interface WatchedSource {
  path: string;
  addedAt: string;
  exists: boolean;
}

export function listWatched(db: Db): WatchedSource[] {
  return db
    .prepare<[], { path: string; added_at: string }>('SELECT path, added_at FROM watched_sources ORDER BY path')
    .all()
    .map((r) => ({ path: r.path, addedAt: r.added_at, exists: existsSync(r.path) }));
}

/** Adds a folder (or file); returns false when it was already watched. */
export function addWatched(db: Db, target: string, at = new Date().toISOString()): boolean {
  const full = path.resolve(target);
  if (!existsSync(full)) throw new Error(`${full} does not exist`);
  return db.prepare('INSERT OR IGNORE INTO watched_sources (path, added_at) VALUES (?, ?)').run(full, at).changes > 0;
}

/** Removes a watch; returns false when it was not watched. */
export function removeWatched(db: Db, target: string): boolean {
  return db.prepare('DELETE FROM watched_sources WHERE path = ?').run(path.resolve(target)).changes > 0;
}

export interface DetectedSource {
  tool: string;
  path: string;
  watched: boolean;
}

/** Where agents keep their logs by default, relative to the home folder. */
export const KNOWN_SOURCES: readonly { tool: string; parts: string[] }[] = [
  { tool: 'Claude Code', parts: ['.claude', 'projects'] },
  { tool: 'Codex CLI', parts: ['.codex', 'sessions'] },
];

/** The known log folders that exist on this machine, to offer on first run. */
export function detectSources(db: Db, home = os.homedir()): DetectedSource[] {
  const watched = new Set(listWatched(db).map((w) => w.path));
  return KNOWN_SOURCES.map((s) => ({ tool: s.tool, path: path.join(home, ...s.parts) }))
    .filter((s) => existsSync(s.path) && statSync(s.path).isDirectory())
    .map((s) => ({ ...s, watched: watched.has(path.resolve(s.path)) }));
}
