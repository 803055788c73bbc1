// Entry file of the job worker thread when running from source. A worker does not inherit the
// TypeScript loader of the thread that starts it (bin/reverie.mjs, vitest, `node --import tsx`),
// so it registers tsx itself, then loads the TypeScript worker. Plain .mjs, so Node can start it
// unaided. The production build uses job-worker.cjs instead (embed/worker-location.ts).
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');
