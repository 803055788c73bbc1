import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, sniff } from '../../electron/engine/import/detect.js';
import { readFileSync } from 'node:fs';
import { collectInputs, isZipHead, zipInputs, type CollectedSources } from '../../electron/engine/import/sources.js';
import { haveShared, SAMPLES_DIR } from '../helpers/samples.js';

/** What each sample folder holds; files not listed in `notLogs` must be detected as the folder's format. */
const FOLDERS: Record<string, string | null> = {
  'claude-code': 'claude-code',
  codex: 'codex',
  'claude-ai-export': 'claude-ai',
  'chatgpt-export': 'chatgpt',
  'gemini-cli': 'gemini-cli',
  aider: 'aider',
  'copilot-chat': 'copilot-chat',
  sharegpt: 'sharegpt',
  'openai-messages-jsonl': 'openai-messages',
  'anthropic-messages-api': 'anthropic-messages',
  // Not supported yet: must not be mistaken for another format.
  cursor: null,
  'markdown-transcripts': null,
  'langsmith-langfuse': null,
};

/** Companion files of exports that hold no conversation. */
const NOT_LOGS = [
  /yaleman_(users|projects|memories)\.json$/,
  /\.aider\.input\.history$/,
  /!\/(user|message_feedback|model_comparisons|shared_conversations)\.json$/,
  /!\/chat\.html$/,
];

describe.runIf(haveShared())('format detection on every real sample', () => {
  let sources: CollectedSources | undefined;
  const zips: { close(): void }[] = [];
  afterAll(() => {
    sources?.close();
    for (const z of zips) z.close();
  });

  it('gives each sample file its own format and nothing else', async () => {
    const folders = readdirSync(SAMPLES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    sources = await collectInputs([SAMPLES_DIR]);
    // Zips met in folders are expanded by the import itself, as here.
    const inputs = [];
    for (const input of sources.inputs) {
      if (!isZipHead(readFileSync(input.name).subarray(0, 4))) inputs.push(input);
      else {
        const { inputs: members, zip } = await zipInputs(input.name);
        zips.push(zip);
        inputs.push(...members);
      }
    }
    const seen = new Set<string>();
    for (const input of inputs) {
      const parts = path.relative(SAMPLES_DIR, input.name).split(path.sep);
      if (parts.length === 1) continue; // README.md, SOURCES.md
      const folder = parts[0];
      if (folder === 'cline-roo') {
        seen.add(folder);
        const expected = input.name.includes('ui_messages') ? 'cline-ui' : 'cline';
        expect([input.name, detectFormat((await sniff(input)).sniff)?.id]).toEqual([input.name, expected]);
        continue;
      }
      expect(Object.keys(FOLDERS), `unexpected sample folder ${folder}`).toContain(folder);
      seen.add(folder);
      const expected = NOT_LOGS.some((re) => re.test(input.name)) ? null : FOLDERS[folder];
      const got = detectFormat((await sniff(input)).sniff)?.id ?? null;
      expect([input.name, got]).toEqual([input.name, expected]);
    }
    expect([...seen].sort()).toEqual(folders.sort());
  });
});
