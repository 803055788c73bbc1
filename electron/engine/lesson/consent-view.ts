import type { ClusterDigest, Lesson, MomentKind } from '../../../shared/types.js';
import { asDataLine } from '../../../shared/untrusted-text.js';

/*
 * The readable side of the consent step: what about the person one request carries, per pattern,
 * read back from the exact text that goes (the digest's lines as rendered, the existing lessons
 * as quoted), so the view can never show less than the bytes. The scrubber's placeholders are
 * marked, so a person sees where a name, a path or a secret was taken out. The raw bytes stay
 * one toggle away.
 */

/** A run of text; `placeholder` when it is one of the scrubber's typed placeholders (`<EMAIL_1>`). */
export interface TextPart {
  text: string;
  placeholder?: true;
}

export interface ConsentPattern {
  clusterId: number;
  label: string;
  kind: MomentKind;
  /** "Seen N times in M sessions across P projects, from … to …." */
  facts: string;
  keywords: TextPart[][];
  examples: TextPart[][];
  /** The existing lessons the request quotes (so Claude can edit or merge instead of repeating one). */
  lessons: { id: number; text: TextPart[] }[];
  /** The names of nearby patterns sent beside the digest, so Claude names this one apart from them. */
  nearby: TextPart[][];
  /** The distinct placeholders in what goes, in order of first appearance. */
  placeholders: string[];
}

const PLACEHOLDERS = /<[A-Z]+(?:_[A-Z]+)*_\d+>/g;

/** Splits text into plain runs and placeholders. */
export function splitPlaceholders(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDERS)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index) });
    parts.push({ text: m[0], placeholder: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

const QUOTED = { keepPlaceholders: true };

/** The readable view of one request: its digest's lines and the lessons it quotes, as they are sent. */
export function consentPattern(digest: ClusterDigest, label: string, offered: Lesson[]): ConsentPattern {
  const lines = digest.text.split('\n');
  const facts = lines.find((l) => l.startsWith('Seen ')) ?? '';
  const keywordLine = lines.find((l) => l.startsWith('Keywords: '))?.slice('Keywords: '.length) ?? '';
  const examples = lines.filter((l) => /^\d+\. /.test(l)).map((l) => splitPlaceholders(l.replace(/^\d+\. /, '')));
  const lessons = offered.map((l) => ({ id: l.id, text: splitPlaceholders(`${asDataLine(l.title, QUOTED)}: ${asDataLine(l.rule, QUOTED)}`) }));
  const keywords = keywordLine ? keywordLine.split(', ').map(splitPlaceholders) : [];
  const nearby = (digest.nearby ?? []).map(splitPlaceholders);
  const placeholders = [
    ...new Set([digest.text, ...lessons.flatMap((l) => l.text.map((p) => p.text)), ...(digest.nearby ?? [])].join('\n').match(PLACEHOLDERS) ?? []),
  ];
  return { clusterId: digest.clusterId, label, kind: digest.kind, facts, keywords, examples, lessons, nearby, placeholders };
}
