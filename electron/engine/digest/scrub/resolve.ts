import type { PlaceholderBook } from './placeholders.js';
import { TYPE_PRIORITY, type Finding } from './types.js';

function better(a: Finding, b: Finding): Finding {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb ? a : b;
  return TYPE_PRIORITY[a.type] >= TYPE_PRIORITY[b.type] ? a : b;
}

/**
 * Makes findings disjoint. Overlapping findings form one group; the group is replaced as a whole
 * (the union of their spans, so a partial overlap never leaves a tail of a secret behind) and takes
 * the type of its longest member, the more specific type on a tie (see TYPE_PRIORITY). When the
 * union is wider than the winner, the placeholder key becomes the union's text.
 */
export function resolveOverlaps(text: string, findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let group: Finding[] = [];
  let groupEnd = -1;
  const flush = () => {
    if (!group.length) return;
    const best = group.reduce(better);
    const start = group[0].start;
    if (start === best.start && groupEnd === best.end) out.push(best);
    else out.push({ start, end: groupEnd, type: best.type, detector: best.detector, key: text.slice(start, groupEnd) });
    group = [];
  };
  for (const f of sorted) {
    if (group.length && f.start < groupEnd) {
      group.push(f);
      groupEnd = Math.max(groupEnd, f.end);
    } else {
      flush();
      group = [f];
      groupEnd = f.end;
    }
  }
  flush();
  return out;
}

/**
 * Replaces disjoint findings with their placeholders. Placeholders are numbered left to right
 * (first appearance gets the lowest number), then the text is rebuilt in one pass.
 */
export function applyFindings(text: string, disjoint: readonly Finding[], book: PlaceholderBook): string {
  const parts: string[] = [];
  let at = 0;
  for (const f of disjoint) {
    parts.push(text.slice(at, f.start), book.forFinding(text, f));
    at = f.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
