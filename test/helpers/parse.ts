import { statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ParsedSession } from '../../shared/types.js';
import { sniff } from '../../electron/engine/import/detect.js';
import type { FormatImporter, ImportInput, Sniff } from '../../electron/engine/import/types.js';

export function fileInput(file: string): ImportInput {
  return { name: file, size: statSync(file).size, open: async () => createReadStream(file) };
}

export function textInput(text: string | Buffer, name = 'fixture'): ImportInput {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { name, size: bytes.length, open: async () => Readable.from([bytes]) };
}

export async function sniffOf(input: ImportInput): Promise<Sniff> {
  return (await sniff(input)).sniff;
}

/** Runs an importer over an input and collects everything it yields. */
export async function parseAll(importer: FormatImporter, input: ImportInput): Promise<ParsedSession[]> {
  const out: ParsedSession[] = [];
  for await (const s of importer.parse(input)) out.push(s);
  return out;
}
