import path from 'node:path';

/*
 * Cancelling single files of a running import (the UI's Cancel button on a file's row).
 *
 * The person names a file as the UI knows it: the input's own name, the zip it is a member of,
 * or one of the paths the import was given (a file, folder or zip), in full or by its last part
 * alone (a browser knows only a picked file's name). A file not started yet is skipped; the file
 * being read is aborted through its own signal, so its savepoint is rolled back (nothing of it
 * is written) and the import goes on with the next file. Files already finished stay.
 */

/** The file on disk an input name lives in: the archive for a zip member (`a.zip!/m`), else itself. */
function outerFile(name: string): string {
  const bang = name.indexOf('!/');
  return bang < 0 ? name : name.slice(0, bang);
}

/** Whether `file`, as the person named it, covers the input `name` of an import given `roots`. */
export function coversInput(file: string, name: string, roots: readonly string[]): boolean {
  const outer = outerFile(name);
  if (file === name || file === outer) return true;
  return roots.some(
    (root) => (file === root || file === path.basename(root)) && (outer === root || outer.startsWith(root.endsWith(path.sep) ? root : root + path.sep)),
  );
}

export class FileCancels {
  private named: string[] = [];
  private roots: readonly string[] = [];
  private pending: (() => readonly string[]) | null = null;
  private current: { name: string; controller: AbortController; unlink: () => void } | null = null;

  /**
   * Records that `file` is cancelled. Returns true when some of it is still to come (not started
   * or being read) — or when the import has not listed its files yet, so all of them are —
   * and false when everything it names had finished (or it names nothing of this import).
   */
  cancel(file: string): boolean {
    this.named.push(file);
    let hit = false;
    if (this.current && coversInput(file, this.current.name, this.roots)) {
      this.current.controller.abort();
      hit = true;
    }
    if (!this.pending) return true;
    return hit || this.pending().some((name) => coversInput(file, name, this.roots));
  }

  /** Called by the import once its inputs are known: the paths it was given, and the inputs not started yet. */
  attach(roots: readonly string[], pending: () => readonly string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.pending = pending;
  }

  isCancelled(name: string): boolean {
    return this.named.some((file) => coversInput(file, name, this.roots));
  }

  /** The signal to read input `name` under: aborted by the job's signal or by cancelling this file. */
  begin(name: string, jobSignal?: AbortSignal): AbortSignal {
    const controller = new AbortController();
    const onJobAbort = () => controller.abort();
    jobSignal?.addEventListener('abort', onJobAbort, { once: true });
    if (jobSignal?.aborted) controller.abort();
    this.current = { name, controller, unlink: () => jobSignal?.removeEventListener('abort', onJobAbort) };
    return controller.signal;
  }

  /** The current file is over (finished, failed or cancelled): later cancels no longer reach it. */
  end(): void {
    this.current?.unlink();
    this.current = null;
  }
}
