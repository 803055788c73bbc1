// Entry file of an embedding worker thread when running from source. A worker does not inherit
// the TypeScript loader of the thread that starts it (bin/reverie.mjs, vitest, `node --import
// tsx`), so it registers tsx itself, then loads the TypeScript worker. Plain .mjs, so Node can
// start it unaided. The production build uses embed-worker.cjs instead (worker-location.ts).
//
// transformers.js is imported first, before tsx is registered: through tsx's loader its
// multi-megabyte bundle costs over 100 MB more memory per worker and a
// second more to start.
import '@huggingface/transformers';
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
