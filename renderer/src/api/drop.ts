/*
 * What a drop holds. The desktop app imports dropped files and folders in place by path (the
 * engine walks folders and opens zips), so the top-level items are enough. A browser cannot
 * hand a folder's path to the server, so in browser mode folders are walked here, through the
 * File System entries API, and every file inside is uploaded (the server skips what it cannot
 * read, as it does inside folders).
 */

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    // readEntries returns at most ~100 entries per call: read until an empty batch.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, into: File[]): Promise<void> {
  if (entry.isFile) {
    into.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, into);
  }
}

/** The files of a drop: top-level items as they are (desktop), or folders expanded (browser). */
export async function filesFromDrop(data: DataTransfer, expandFolders: boolean): Promise<File[]> {
  if (!expandFolders) return Array.from(data.files);
  // Entries must be taken synchronously, before the event's data store is closed.
  const entries = Array.from(data.items)
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e === null)) return Array.from(data.files);
  const files: File[] = [];
  for (const e of entries) await walk(e!, files);
  return files;
}

/** True while something with files is dragged over the window. */
export function dragHasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
