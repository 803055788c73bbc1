import { embedTexts } from '../embed/embed-texts.js';
import { checkModel } from '../embed/model-config.js';
import { similarityThreshold, type RestateJudge } from './restates.js';

/**
 * The restates judge for an embedding model: meaning and words when the model is on this machine
 * and its threshold was measured, words alone otherwise (`note` says why).
 */
export function restateJudge(model: string, modelsDir: string): RestateJudge & { note: string | null } {
  const threshold = similarityThreshold(model);
  if (threshold === null) return { threshold: null, note: `no measured similarity threshold for ${model}: rules were compared by their words` };
  try {
    checkModel(model, modelsDir);
  } catch (err) {
    return { threshold: null, note: `${(err as Error).message}; rules were compared by their words` };
  }
  return { threshold, embed: (texts) => embedTexts(texts, { model, modelsDir }), note: null };
}
