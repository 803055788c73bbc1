/*
 * The line of a failed call's output that names the cause, by the conventions of each tool: what
 * a lesson needs, and what makes two occurrences of one failure the same (cluster/failure-signature.ts).
 */

/** A typed exception line (`TypeError: ...`); Python prints the one that counts last. */
const TYPED_EXCEPTION = /\b[A-Z]\w*(?:Error|Exception)\b:?/;

/** Lines that name a cause, by tool convention; the earlier a rule, the surer the line is the cause. */
export const CAUSE_LINES: readonly RegExp[] = [
  /^E\s{2,}\S/, // pytest's failure lines
  /\berror\[E\d{4}\]/, // rustc
  /\berror TS\d{4}\b/, // tsc
  /\bERR_[A-Z][A-Z_]+\b|\bnpm ERR!|\bnpm error code\b/,
  /^panic:|^fatal error:|\bCaused by:/,
  TYPED_EXCEPTION,
  /\b(?:\d{3} (?:Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Internal Server Error|Bad Gateway|Service Unavailable))\b/,
  /\bcommand not found\b|\bPermission denied\b|\bNo such file or directory\b|\bConnection refused\b|\bnot found\b|\bimported and not used\b|\balready exists\b/i,
  /\berror\b|\bfailed\b|\bcannot\b|\bcan't\b|\bunable to\b/i,
];

/** Whether a line names a cause by one of the tool conventions above (not only by saying "error"). */
export function namesCause(line: string): boolean {
  return CAUSE_LINES.slice(0, -1).some((rule) => rule.test(line));
}

/** The cause line of a failure summary (`a | b` parts, as failure moments write them), or the first part. */
export function causeLine(summary: string): string {
  const parts = summary
    .split(/\s+\|\s+|\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const rule of CAUSE_LINES) {
    const hit = rule === TYPED_EXCEPTION ? parts.findLast((p) => rule.test(p)) : parts.find((p) => rule.test(p));
    if (hit) return hit;
  }
  return parts[0] ?? '';
}

