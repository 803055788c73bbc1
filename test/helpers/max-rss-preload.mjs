// Loaded with `node --import` into a child running the real CLI: on exit, writes the process's
// peak resident memory (KB, from getrusage) to REVERIE_MAX_RSS_FILE, so tests can bound it.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.REVERIE_MAX_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
