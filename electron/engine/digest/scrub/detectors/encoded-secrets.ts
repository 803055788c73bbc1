import type { Finding } from '../types.js';
import { isStandIn } from './util.js';

/*
 * Secrets that are only base64 away from plain text, in the shapes Kubernetes and shells print them:
 * - the values of a Secret (`data:`, `binaryData:`, SealedSecret `encryptedData:`), in a manifest, in
 *   `kubectl get secret … -o yaml|json` and in a `.data` jq/jsonpath dump: every `key: <base64>` in
 *   a block that names a Secret (short values too: `cGFzcw==` is a password as much as `pass`);
 * - what a decoding or encoding command prints on the next line (`kubectl get secret … -o jsonpath=…`,
 *   `… | base64 -d`, `base64decode` templates, `echo -n … | base64`): a lone token there is the secret;
 * - the literal handed to such a command (`echo 'cGFz…' | base64 --decode`, `base64 -d <<< …`,
 *   `echo -n 'pw' | base64`).
 * A block is the text between shell prompts (or `---` document breaks), so `kind: Secret` after
 * `data:` (kubectl sorts keys) still counts.
 */

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** A prompt line: `$ `, `% `, `❯ `, `> ` (PowerShell `PS>`), or `user@host:~$ `. */
const PROMPT = /^\s*(?:[$%❯›»]|PS[^>\n]*>|[\w.-]+@[\w.-]+(?::[^\n$#]*)?[$#])\s+\S/;
const SECRET_BLOCK = /\bkind:\s*["']?(?:Sealed)?Secret\b|"kind":\s*"Secret"|\bget\s+secrets?\b|\bkind:\s*SealedSecret\b/;
const DATA_KEY = /^(\s*)["']?(?:data|binaryData|encryptedData|stringData)["']?\s*:\s*\{?\s*$/;
/** `  key: value` or `  "key": "value",`. */
const ENTRY = /^\s*["']?(?<key>[\w.-]+)["']?\s*:\s*["']?(?<value>[^\s"',]+)["']?,?\s*$/d;
/** Commands whose output on the next line is a secret, decoded (PASSWORD) or still encoded (SECRET). */
const DECODES = /\bbase64\s+(?:-d|-D|--decode)\b|\bbase64decode\b|\|\s*b64dec\b|\bopenssl\s+(?:base64|enc)\s+-d\b/;
const ENCODED_OUT = /\bget\s+secrets?\b[^\n]*(?:jsonpath|go-template)[^\n]*\.data\b|\|\s*base64(?:\s+-w\s*0)?\s*$/;
/** The literal fed to base64: `echo [-n] 'x' | base64 …` and `base64 -d <<< x`. */
const FED = /\b(?:echo|printf)\s+(?:-[ne]+\s+)?(?<q>['"]?)(?<value>[^\s'"|]{3,})\k<q>\s*\|\s*base64\b(?<decode>[^\n|]*(?:-d|-D|--decode))?|\bbase64\s+(?:-d|-D|--decode)\s+<<<\s*(?<q2>['"]?)(?<value2>[^\s'"]+)\k<q2>/dg;

function decodesToText(v: string): boolean {
  if (v.length % 4 !== 0) return false;
  const bytes = Buffer.from(v, 'base64');
  const s = bytes.toString('utf8');
  // Mostly printable: a password, a token, JSON, a PEM block; binary keys are long.
  // eslint-disable-next-line no-control-regex
  return (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s) && s.length >= 2) || v.length >= 24;
}

interface Line {
  start: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const t of text.split('\n')) {
    out.push({ start, text: t });
    start += t.length + 1;
  }
  return out;
}

/** The lone value on a line, if the line is just one token (what `… | base64 -d` prints). */
function loneToken(line: Line): { start: number; end: number; value: string } | null {
  const m = /^(\s*)(\S{4,512}?)(%?)\s*$/.exec(line.text);
  if (!m || PROMPT.test(line.text)) return null;
  const start = line.start + m[1].length;
  return { start, end: start + m[2].length, value: m[2] };
}

export function encodedSecretFindings(text: string): Finding[] {
  if (!/base64|secret|Secret/.test(text)) return [];
  const out: Finding[] = [];
  const lines = splitLines(text);

  // ---- Secret blocks
  let blockStart = 0;
  const flush = (end: number) => {
    const block = lines.slice(blockStart, end);
    if (!SECRET_BLOCK.test(block.map((l) => l.text).join('\n'))) return;
    let dataIndent = -1;
    for (const l of block) {
      const d = DATA_KEY.exec(l.text);
      if (d) {
        dataIndent = d[1].length;
        continue;
      }
      const indent = /^\s*/.exec(l.text)![0].length;
      if (dataIndent < 0) continue;
      if (indent <= dataIndent && l.text.trim() && !/^\s*[}\]]/.test(l.text)) {
        dataIndent = -1;
        continue;
      }
      const e = ENTRY.exec(l.text);
      if (!e) continue;
      const v = e.groups!.value;
      if (v.length < 4 || !B64.test(v) || isStandIn(v) || !decodesToText(v)) continue;
      const [s, en] = e.indices!.groups!.value;
      out.push({ start: l.start + s, end: l.start + en, type: 'SECRET', detector: 'k8s-secret' });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (i > blockStart && (PROMPT.test(lines[i].text) || /^---\s*$/.test(lines[i].text))) {
      flush(i);
      blockStart = i;
    }
  }
  flush(lines.length);

  // ---- the line a decoding or encoding command prints
  for (let i = 0; i + 1 < lines.length; i++) {
    const cmd = lines[i].text;
    const decodes = DECODES.test(cmd);
    if (!decodes && !ENCODED_OUT.test(cmd)) continue;
    const t = loneToken(lines[i + 1]);
    if (!t || isStandIn(t.value)) continue;
    if (!decodes && !B64.test(t.value)) continue;
    out.push({ start: t.start, end: t.end, type: decodes ? 'PASSWORD' : 'SECRET', detector: 'decoded-output' });
  }

  // ---- the literal fed to base64
  FED.lastIndex = 0;
  for (let m = FED.exec(text); m; m = FED.exec(text)) {
    const g = m.groups!.value !== undefined ? 'value' : 'value2';
    const v = m.groups![g];
    if (v.startsWith('$') || isStandIn(v)) continue;
    const [s, e] = m.indices!.groups![g]!;
    // Encoding a plain value (`echo -n pw | base64`) shows a password; decoding shows base64.
    const decoding = g === 'value2' || m.groups!.decode !== undefined;
    out.push({ start: s, end: e, type: decoding ? 'SECRET' : 'PASSWORD', detector: 'base64-input' });
  }
  return out;
}
