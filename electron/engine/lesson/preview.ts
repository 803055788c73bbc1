import type { CostEstimate } from './estimate.js';
import type { LessonPlan } from './write-lessons.js';

/*
 * The consent screen's text: every request exactly as it will be sent, then the estimate.
 * The bytes are printed as they are (one line of JSON): reformatting them for reading would
 * show something other than what leaves the machine.
 */

export function formatEstimate(e: CostEstimate, model?: string): string {
  const cost = e.usdMax === null ? `no price on file${model ? ` for ${model}` : ''}` : `at most $${e.usdMax.toFixed(4)}`;
  return `about ${e.inputTokens.toLocaleString('en-US')} input tokens, up to ${e.outputTokensMax.toLocaleString('en-US')} output tokens, ${cost}`;
}

export function formatPlan(plan: LessonPlan): string {
  const out: string[] = [];
  plan.requests.forEach((r, i) => {
    const bytes = Buffer.byteLength(r.bytes, 'utf8');
    out.push(
      `Request ${i + 1} of ${plan.requests.length}: cluster ${r.clusterId}, POST ${r.url}, model ${r.model}`,
      formatEstimate(r.estimate, r.model),
      `----- exact request body (${bytes.toLocaleString('en-US')} bytes) -----`,
      r.bytes,
      '----- end of request body -----',
      '',
    );
  });
  out.push(`Total for ${plan.requests.length} request${plan.requests.length === 1 ? '' : 's'}: ${formatEstimate(plan.total)}`);
  out.push('The API key travels in a header and is not shown; every request and reply is kept in the outbox (reverie outbox).');
  return out.join('\n');
}
