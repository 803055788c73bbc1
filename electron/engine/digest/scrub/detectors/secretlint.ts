import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig } from '@secretlint/types';
import type { Performance, PerformanceMark, PerformanceMeasure } from 'node:perf_hooks';
import type { Finding, PiiType } from '../types.js';

/*
 * Provider secrets through secretlint's recommended preset (AWS, GCP, GitHub, OpenAI, Anthropic,
 * Slack, npm, SendGrid, Shopify, Linear, 1Password, private keys, basic auth, database URLs).
 * Changes to the preset's defaults, because scrubbing is not linting:
 * - the AWS access key id scan is on (linting leaves it off as too noisy for repositories);
 * - the comment filter is off: a `secretlint-disable` comment inside a transcript must not hide a key.
 * The source never names a real file (`noPhysicFilePath`), so no rule reads from disk.
 */
const CONFIG: SecretLintCoreConfig = {
  rules: [
    {
      id: recommended.meta.id,
      rule: recommended,
      rules: [
        { id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } },
        { id: '@secretlint/secretlint-rule-filter-comments', disabled: true },
      ],
    },
  ],
};

function typeOf(ruleId: string): PiiType {
  if (ruleId.endsWith('privatekey') || ruleId.endsWith('gcp')) return 'PRIVATE_KEY';
  if (ruleId.endsWith('basicauth') || ruleId.endsWith('database-connection-string')) return 'PASSWORD';
  return 'SECRET';
}

/**
 * For URLs with credentials secretlint reports the whole URL; only the password is secret
 * (the host is judged by the host rules), so the span narrows to `:password@`.
 */
function narrowToPassword(text: string, start: number, end: number): { start: number; end: number } {
  const url = text.slice(start, end);
  const m = /^[a-z][\w+.-]*:\/\/[^\s:@/]*:([^\s/]+)@/i.exec(url);
  if (!m) return { start, end };
  const at = start + m[0].length - 1 - m[1].length;
  return { start: at, end: at + m[1].length };
}

/*
 * secretlint's core marks every lint and every rule on a process-wide profiler that records all
 * marks in the global performance timeline and in its own list, forever, and scans that list on
 * each new mark: over thousands of calls memory grows and time turns quadratic (a 1 MB benchmark
 * took minutes). A scrubber lives as long as the app, so the profiler gets a timer that records
 * nothing. (Clearing the marks after each call instead crashes: the profiler measures between
 * them later, asynchronously.)
 */
(secretLintProfiler as unknown as { perf: Pick<Performance, 'mark' | 'measure'> }).perf = {
  mark: () => undefined as unknown as PerformanceMark,
  measure: () => undefined as unknown as PerformanceMeasure,
};

export async function secretlintFindings(text: string): Promise<Finding[]> {
  const result = await lintSource({
    source: { content: text, filePath: '/scrub-input.txt', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  return result.messages
    .filter((m) => m.range[1] > m.range[0])
    .map((m) => {
      const type = typeOf(m.ruleId);
      const span = type === 'PASSWORD' ? narrowToPassword(text, m.range[0], m.range[1]) : { start: m.range[0], end: m.range[1] };
      return { ...span, type, detector: `secretlint:${m.ruleId.replace('@secretlint/secretlint-rule-', '')}` };
    });
}
