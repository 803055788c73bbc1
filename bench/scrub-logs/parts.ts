import type { ScrubCorpus } from '../scrub-corpus.js';
import { buildHeldOut2Corpus } from './held-out-2.js';
import { buildHeldOut3Corpus } from './held-out-3.js';
import { buildHeldOut4Corpus } from './held-out-4.js';
import { buildHeldOut5Corpus } from './held-out-5.js';
import { buildHeldOutCorpus } from './held-out.js';
import { buildTuneCorpus } from './tune.js';

/** The parts of the agent-log corpus, in the order they were written. */
export const PARTS: Record<string, () => ScrubCorpus> = {
  tune: buildTuneCorpus,
  'held-out': buildHeldOutCorpus,
  'held-out-2': buildHeldOut2Corpus,
  'held-out-3': buildHeldOut3Corpus,
  'held-out-4': buildHeldOut4Corpus,
  /** Held out: written before the git-remote owner change, scored once after it. */
  'held-out-5': buildHeldOut5Corpus,
};
