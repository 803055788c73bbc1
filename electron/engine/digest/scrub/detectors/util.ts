import type { Finding, PiiType } from '../types.js';

/**
 * Runs a global regex over the text and turns matches into findings. `pick` selects the
 * sensitive part of a match (a capture group's span) or drops the match by returning null.
 */
export function matchAll(
  text: string,
  re: RegExp,
  type: PiiType,
  detector: string,
  pick: (m: RegExpExecArray) => { start: number; end: number; key?: string } | null = (m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }),
): Finding[] {
  if (!re.global) throw new Error(`${detector}: regex must be global`);
  const out: Finding[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const span = pick(m);
    if (span && span.end > span.start) out.push({ ...span, type, detector });
  }
  return out;
}

/** The span of capture group `g` (needs the `d` flag). */
export function groupSpan(m: RegExpExecArray, g: number | string): { start: number; end: number } | null {
  const idx = m.indices;
  if (!idx) throw new Error('groupSpan needs a regex with the d flag');
  const span = typeof g === 'number' ? idx[g] : idx.groups?.[g];
  return span ? { start: span[0], end: span[1] } : null;
}

export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Escapes a literal for use inside a RegExp, with or without the `u` flag: `-` becomes `\x2d`,
 * because `\-` is a syntax error in a `u` regex outside a character class ("Jean-Luc").
 */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/-/g, '\\x2d');
}

/** A value that is a stand-in, not data: masks, template variables, env references, our own placeholders. */
export function isStandIn(v: string): boolean {
  return (
    /^(?:\*+|x+|X+|\.{3}|…|-+|_+|#+)$/.test(v) ||
    /^<[^<>]*>$/.test(v) ||
    /^\[[^[\]]*\]$/.test(v) ||
    /^\{\{?[^{}]*\}\}?$/.test(v) ||
    /^\$\{?[A-Za-z_][\w.]*\}?$/.test(v) ||
    /^%[A-Za-z_(][\w)]*%?s?$/.test(v) ||
    /^(?:your|my|the|some|example|sample|dummy|fake|placeholder|changeme_?here)[_-]/i.test(v) ||
    /^(?:REDACTED|MASKED|HIDDEN|SECRET|TOKEN|PASSWORD|PASS|API_KEY|null|none|nil|undefined|true|false)$/i.test(v) ||
    /REDACTED|\*{3,}|x{6,}|X{6,}|•{3,}/.test(v)
  );
}

/**
 * The text as detectors should read it when it is raw JSON (`reverie anonymize` on an export):
 * each string escape `\n`, `\r`, `\t` becomes two spaces, so `Output:\nana@x.com` does not read as
 * `nana@x.com`; an escaped quote becomes spaces together with the backslashes of any nesting
 * (`\"`, `\\\"`), so a quote inside a JSON string still ends a value. Same length, so offsets map
 * one to one. An escaped backslash (`\\`, as in `C:\\Users\\nancy`) is left alone.
 */
export function maskJsonEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\+[nrt"]/g, (run) => {
    if ((run.length - 1) % 2 === 0) return run;
    return run.endsWith('"') ? ' '.repeat(run.length) : `${run.slice(0, -2)}  `;
  });
}
