import { causeLine } from '../moments/failure-cause.js';

/*
 * What makes two failures the same failure: the line that names the cause, with what varies
 * between occurrences (paths, quoted names, numbers, ids, hashes, timestamps) taken out. The
 * command around it is not part of it: `deployctl push a.yaml` and `deployctl status b` that
 * both fail with "authentication required: token expired" are one recurring problem. Neighbour
 * graphs over whole moment texts split such failures by command (the command is most of the
 * words); the signature joins them again (cluster/patterns.ts).
 */

/** What varies between occurrences of one failure, replaced by a token. Order matters: the widest first. */
const VARYING: readonly [RegExp, string][] = [
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/(["'`‘’“”])(?:(?!\1).){1,200}\1/g, '<q>'],
  [/(?:[A-Za-z]:)?(?:[\w.@~-]*[\\/])+[\w.@-]*/g, '<path>'],
  [/\b[0-9a-f]{7,}\b/gi, '<id>'],
  [/\b\d+(?:\.\d+)*\b/g, '<n>'],
  [/\s+/g, ' '],
];

/** The cause line with what varies between occurrences taken out; lower case. */
export function normaliseCause(line: string): string {
  let out = line;
  for (const [re, token] of VARYING) out = out.replace(re, token);
  return out.trim().toLowerCase();
}

/**
 * The signature of a failure moment's text (`Tool: command → what it printed`): its normalised
 * cause line, or null when too little of it is left to tell failures apart.
 */
export function failureSignature(momentText: string): string | null {
  const arrow = momentText.indexOf(' → ');
  const summary = arrow >= 0 ? momentText.slice(arrow + 3) : momentText;
  const signature = normaliseCause(causeLine(summary));
  // "exit <n>", "<path>: <q>": nothing left that names a cause.
  const words = signature.replace(/<\w+>/g, ' ').match(/[a-z]{3,}/g) ?? [];
  return words.length >= 2 ? signature : null;
}

/** The program and its subcommand (`deployctl push`, `git commit`), for grouping by command; null without one. */
export function commandStem(command: string): string | null {
  const words = command
    .trim()
    .replace(/^(?:sudo|npx|uv run|poetry run|bundle exec|pnpm exec)\s+/, '')
    .split(/\s+/);
  const program = words[0]?.replace(/^.*[\\/]/, '');
  if (!program || !/^[\w.-]+$/.test(program)) return null;
  const sub = words[1] && /^[a-z][\w-]*$/.test(words[1]) ? ` ${words[1]}` : '';
  return `${program}${sub}`;
}
