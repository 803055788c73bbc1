// Child process of the import benchmark: `raw <dir>` parses every line with JSON.parse
// (the baseline), `import <dir> <dataDir>` runs Reverie's real import into a fresh store.
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import readline from 'node:readline';
import path from 'node:path';
import { importPaths } from '../electron/engine/import/run-import.js';
import { openStore } from '../electron/engine/store/db.js';
import { report } from './lib.js';

const [mode, dir, dataDir] = process.argv.slice(2);

/** Baseline 1: reading the file line by line the usual Node way (readline) with JSON.parse. */
async function readlineParse(file: string): Promise<number> {
  let lines = 0;
  const rl = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) { JSON.parse(line); lines++; }
  return lines;
}

/** Baseline 2: the fastest plain way to parse every line (whole small files, streamed big ones). */
async function rawParse(file: string): Promise<number> {
  if (statSync(file).size < 64 << 20) {
    let lines = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line) { JSON.parse(line); lines++; }
    return lines;
  }
  let carry = '';
  let lines = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    for (const line of parts) if (line) { JSON.parse(line); lines++; }
  }
  if (carry) { JSON.parse(carry); lines++; }
  return lines;
}

const t0 = performance.now();
if (mode === 'raw' || mode === 'readline') {
  let lines = 0;
  const parse = mode === 'raw' ? rawParse : readlineParse;
  for (const f of readdirSync(dir)) lines += await parse(path.join(dir, f));
  report((performance.now() - t0) / 1000, { lines });
} else {
  const db = openStore(dataDir);
  const summary = await importPaths(db, [dir]);
  db.close();
  report((performance.now() - t0) / 1000, { sessions: summary.sessionsAdded, messages: summary.messagesAdded, failed: summary.failed });
}
