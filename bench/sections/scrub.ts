import os from 'node:os';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { createScrubber } from '../../electron/engine/digest/scrub/index.js';
import type { Section } from '../run.js';
import { buildScrubCorpus, scoreScrub } from '../scrub-corpus.js';
import { PARTS } from '../scrub-logs/parts.js';
import { byType, scoreLogCorpus } from '../scrub-logs/score.js';

/*
 * Privacy layer 1. Recall on the planted corpus (bench/scrub-corpus.ts: fake secrets and personal
 * data of every kind inside transcript-like text), the share of code identifiers, file names and
 * error messages left intact, and throughput as a ratio to two baselines run on the same text in
 * the same process: one combined regex pass (what a naive scrubber costs) and secretlint alone.
 */

const THROUGHPUT_SEEDS = Number(process.env.BENCH_SCRUB_SEEDS ?? 10);

/** A naive scrubber: one alternation of simple patterns, one replace pass. */
const NAIVE = new RegExp(
  [
    String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    String.raw`\b(?:\d{1,3}\.){3}\d{1,3}\b`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{36}\b`,
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
    String.raw`\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*`,
    String.raw`\b(?:\d[ -]?){13,19}\b`,
    String.raw`/(?:Users|home)/[^/\s]+`,
  ].join('|'),
  'g',
);

function best(runs: number, fn: () => Promise<void> | void): Promise<number> {
  return (async () => {
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      min = Math.min(min, performance.now() - t0);
    }
    return min / 1000;
  })();
}

/*
 * Recorded once, not re-measured: recall of each agent-log part with the scrubber before this work
 * (commit 93c22ce, bench/scrub-logs/before.ts), and of each held-out part at its one unseen scoring
 * (the protocol in the section text). Part 1 was scored before code lines were woven into the
 * corpus, so its count differs from today's.
 */
const LOG_HISTORY: Record<string, { before: string; unseen?: string; role: string }> = {
  tune: { before: '0.759 (369/486)', role: 'tuned on from the start' },
  'held-out': { before: '0.788 (313/397)', unseen: '0.983 (393/400)', role: 'held out, then tuned on' },
  'held-out-2': { before: '0.623 (203/326)', unseen: '0.874 (285/326)', role: 'held out, then tuned on' },
  'held-out-3': { before: '0.591 (205/347)', unseen: '0.744 (258/347)', role: 'held out, then tuned on' },
  'held-out-4': { before: '0.650 (217/334)', unseen: '0.946 (316/334)', role: 'held out, then tuned on' },
  'held-out-5': { before: '-', unseen: '0.954 (293/307)', role: 'held out, then tuned on' },
  'tune-2': { before: '-', role: 'tuned on (written after part 6 was frozen)' },
  'held-out-6': { before: '0.809 (321/397) at main c194b9f', unseen: '0.909 (361/397)', role: 'held out, then tuned on' },
  'tune-3': { before: '0.469 (151/322) at main 295731e', role: 'tuned on (written after part 7 was frozen)' },
  'held-out-7': { before: '0.645 (251/389) at main 295731e', unseen: '0.954 (371/389)', role: 'held out (last), never tuned on' },
};

const SECRETLINT_CONFIG = { rules: [{ id: recommended.meta.id, rule: recommended }] };

export async function scrubSection(_outDir: string): Promise<Section> {
  // ---- recall and survival
  const corpus = buildScrubCorpus();
  const outputs = await createScrubber(corpus.options).scrubAll(corpus.docs.map((d) => d.text));
  const score = scoreScrub(corpus, outputs);
  const families = new Map<string, { planted: number; caught: number; typed: number }>();
  for (const [kind, k] of Object.entries(score.perKind)) {
    const fam = kind.split(':')[0];
    const f = families.get(fam) ?? { planted: 0, caught: 0, typed: 0 };
    f.planted += k.planted;
    f.caught += k.caught;
    f.typed += k.typed;
    families.set(fam, f);
  }

  const figures: Record<string, number> = {};
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  // ---- the agent-log corpus, part by part (each document by a fresh scrubber told nothing)
  const logRows: string[] = [];
  const typeRows: string[] = [];
  const logTypes = ['EMAIL', 'HOST', 'IP', 'JWT', 'PASSWORD', 'PERSON', 'SECRET', 'USER'];
  const logMisses: string[] = [];
  for (const [name, build] of Object.entries(PARTS)) {
    const c = build();
    const sc = await scoreLogCorpus(c);
    const h = LOG_HISTORY[name];
    logRows.push(`| ${name} | ${h.role} | ${sc.planted} | ${h.before} | ${h.unseen ?? '-'} | **${sc.recall.toFixed(3)}** (${sc.caught}/${sc.planted}) | ${pct(sc.survival)} (${sc.keepSurvived}/${sc.keepTotal}) |`);
    const t = byType(c, sc);
    typeRows.push(`| ${name} | ${logTypes.map((x) => (t.has(x) ? `${t.get(x)!.caught}/${t.get(x)!.planted}` : '-')).join(' | ')} |`);
    figures[`logs.${name}.recall`] = sc.recall;
    figures[`logs.${name}.kept`] = sc.survival;
    for (const [kind, k] of Object.entries(sc.perKind)) if (k.caught < k.planted) logMisses.push(`${name} ${kind} ${k.planted - k.caught}/${k.planted}`);
  }

  // ---- throughput: many seeds of the corpus, about 100 KB each
  const load = os.loadavg()[0];
  const texts = Array.from({ length: THROUGHPUT_SEEDS }, (_, i) => buildScrubCorpus(1000 + i).docs.map((d) => d.text)).flat();
  const mb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const naive = await best(3, () => {
    for (const t of texts) t.replace(NAIVE, '<X>');
  });
  const secretlint = await best(3, async () => {
    for (const t of texts) {
      await lintSource({
        source: { content: t, filePath: '/bench.txt', contentType: 'text' },
        options: { config: SECRETLINT_CONFIG, noPhysicFilePath: true },
      });
    }
  });
  const noNlp = await best(3, async () => {
    await createScrubber({ ...corpus.options, nlpPeople: false }).scrubAll(texts);
  });
  const full = await best(2, async () => {
    await createScrubber(corpus.options).scrubAll(texts);
  });
  const speed = (s: number) => mb / s;

  const rows = [...families].map(([fam, f]) => `| ${fam} | ${f.planted} | ${f.caught} | ${(f.caught / f.planted).toFixed(3)} | ${f.caught ? (f.typed / f.caught).toFixed(2) : '-'} |`);
  const kindMisses = Object.entries(score.perKind).filter(([, k]) => k.caught < k.planted);
  Object.assign(figures, {
    planted: score.planted,
    recall: score.recall,
    identifierSurvival: score.survival,
    scrubberMBps: speed(full),
    scrubberNoNlpMBps: speed(noNlp),
    ratioToNaiveRegex: naive / full,
    ratioToSecretlint: secretlint / full,
    noNlpRatioToSecretlint: secretlint / noNlp,
  });
  for (const [fam, f] of families) figures[`recall.${fam}`] = f.caught / f.planted;

  return {
    title: 'Scrubbing (privacy layer 1)',
    body: [
      `Planted corpus (\`bench/scrub-corpus.ts\`, seeded): ${score.planted} fake secrets and personal data items in ${corpus.docs.length} transcript-like snippets (tool output, stack traces, config files, user messages), ${score.keepTotal} code identifiers, file names, versions, hashes and error messages woven in.`,
      '',
      `**Recall ${score.recall.toFixed(4)}** (${score.caught} of ${score.planted} items gone from the output). **Identifiers intact ${pct(score.survival)}** (${score.keepSurvived} of ${score.keepTotal}).`,
      '',
      '| family | planted | removed | recall | share typed as expected |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      kindMisses.length
        ? `Missed: ${kindMisses.map(([k, v]) => `${k} ${v.planted - v.caught}/${v.planted}`).join(', ')}. Examples:\n\n${score.misses.map((m) => `- ${m.slice(0, 200)}`).join('\n')}`
        : 'Nothing missed.',
      '',
      `Throughput on ${mb.toFixed(2)} MB (the corpus at ${THROUGHPUT_SEEDS} seeds; best of 3, in process; load average ${load.toFixed(1)} on ${os.cpus().length} cores when it started: other work on the machine slows every row, the ratios less):`,
      '',
      '| run | throughput | scrubber throughput ÷ this |',
      '|---|---|---|',
      `| baseline: one combined regex replace pass | ${speed(naive).toFixed(1)} MB/s | ${(naive / full).toFixed(4)} |`,
      `| baseline: secretlint recommended preset alone | ${speed(secretlint).toFixed(2)} MB/s | ${(secretlint / full).toFixed(3)} |`,
      `| scrubber without the NLP name finder | ${speed(noNlp).toFixed(2)} MB/s | ${(noNlp / full).toFixed(3)} |`,
      `| scrubber (all detectors) | ${speed(full).toFixed(2)} MB/s | 1.00 |`,
      '',
      'The NLP person-name finder (compromise) is most of the cost; digests are a few kilobytes, so it is affordable there.',
      '',
      '### Agent-log corpus: tuned and held-out parts',
      '',
      'Generated by code (`bench/scrub-logs/`, seeded; no third-party data): remote shells and copies (ssh, scp, rsync, sftp, jump hosts), git remotes and credentials, connection strings (postgres, mysql, mongodb+srv, redis, amqp, jdbc, ftp), docker and kubectl output, .env, yaml, ini, json, toml, properties, .netrc and .pgpass files, sshd and nginx logs, stack traces (Python, Java, Go, Node, Ruby, PHP) and chat prose in 22 languages, with code lines (frames, packages with versions, paths, public URLs, hashes) that must stay. Each document is scrubbed by a fresh scrubber told nothing (no listed names, no account).',
      '',
      'Protocol: the parts share no template, person name, handle, company or seed. Each held-out part was written and committed before the detector changes it judges, and scored once, unseen; only then were its misses read, fixed in the detectors (generalised, with unit tests) and the part joined the tuned ones, and a new held-out part was written before those fixes. Parts 2 and 3 were written to probe formats not covered yet, so they are harsher than ordinary logs; parts 4 and 5 are the everyday mix of an agent session. Part 6 (Kubernetes secrets, ssh config, registry credentials, cloud CLIs, names from ten cultures and names known only by context) was frozen (d9b9e8c) before the Kubernetes/names changes and scored once after them (0.909); its misses were then fixed with a third tuning part (`tune-3`). **Part 7** (users in database, directory and sudo errors, access logs of Apache, nginx, Caddy, Traefik, HAProxy and IIS, AWS/GCP/Azure identities, hosts under new gTLDs and ccTLDs, home folders on three systems, names in seven non-Latin scripts and English names that are words, identifiers to keep: npm scopes, public docs, env names, service accounts) was written and committed (the commit adding `held-out-7.ts`, before any detector change) before those fixes, scored once after them and never tuned on: it is the honest estimate for unseen data. The writer of a held-out part knew the detectors, and the tuner knew the held-out part (both written in one sitting), which favours them.',
      '',
      '| part | use | planted | recall before (93c22ce) | recall at its one unseen scoring | recall now | identifiers kept now |',
      '|---|---|---|---|---|---|---|',
      ...logRows,
      '',
      'Recall now, per type (removed / planted):',
      '',
      `| part | ${logTypes.join(' | ')} |`,
      `|---|${logTypes.map(() => '---').join('|')}|`,
      ...typeRows,
      '',
      logMisses.length ? `Missed now: ${logMisses.join(', ')}.` : 'Nothing missed now.',
      '',
      'Part 7 misses at its one unseen scoring (not fixed; the part stays unseen): the user in braces of an HAProxy log (`{x}`, a captured header: 6), a user named only in a comment (`# last edited by x`: 8), a Windows home folder whose user starts with n, r or t (`C:\\Users\\rchowdhury`: the backslash reads as a JSON escape `\\r`; 2), an `X-Api-Key` header value (1) and one English word-name. Damaged: `ERROR 1045 …` on the line after `Enter password:` is taken for the password typed (7).',
    ].join('\n'),
    figures,
  };
}
