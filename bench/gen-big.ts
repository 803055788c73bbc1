// Writes large single-file inputs for the streaming checks of the import benchmark:
// `chatgpt <file> <MB>` a ChatGPT-export conversations.json (one top-level array), and
// `jsonl <file> <MB>` an OpenAI-style {"messages": [...]} JSONL file.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Random } from '../electron/engine/base/random.js';
import { CORRECTIONS, FAILURES, TASKS } from '../electron/engine/demo/patterns.js';

const [kind, file, mbArg] = process.argv.slice(2);
const target = Number(mbArg) * 1e6;
const rnd = new Random(5);
const filler = (n: number) => Array.from({ length: n }, () => rnd.pick(['the', 'build', 'test', 'config', 'value', 'error', 'file'])).join(' ');

function chatgptConversation(i: number): unknown {
  const mapping: Record<string, unknown> = {};
  const ids: string[] = [];
  const texts = [rnd.pick(TASKS), filler(400), rnd.pick(rnd.pick(CORRECTIONS)), filler(600), rnd.pick(rnd.pick(FAILURES)).output, filler(300)];
  texts.forEach((text, n) => {
    const id = `c${i}-n${n}`;
    mapping[id] = {
      id,
      parent: ids.at(-1) ?? null,
      children: [],
      message: {
        id,
        author: { role: n % 2 ? 'assistant' : 'user' },
        create_time: 1.7e9 + i * 60 + n,
        content: { content_type: 'text', parts: [text] },
        recipient: 'all',
        metadata: n % 2 ? { model_slug: 'gpt-4o' } : {},
      },
    };
    if (ids.length) (mapping[ids.at(-1)!] as { children: string[] }).children.push(id);
    ids.push(id);
  });
  return { title: `Conversation ${i}`, create_time: 1.7e9 + i * 60, update_time: 1.7e9 + i * 60 + 9, mapping, current_node: ids.at(-1), conversation_id: `conv-${i}` };
}

function jsonlRecord(): unknown {
  return {
    messages: [
      { role: 'system', content: 'You are a coding assistant.' },
      { role: 'user', content: rnd.pick(TASKS) },
      { role: 'assistant', content: filler(500) },
      { role: 'user', content: rnd.pick(rnd.pick(CORRECTIONS)) },
      { role: 'assistant', content: filler(300) },
    ],
  };
}

const out = createWriteStream(file);
let written = 0;
const write = async (s: string) => {
  written += Buffer.byteLength(s);
  if (!out.write(s)) await once(out, 'drain');
};
if (kind === 'chatgpt') {
  await write('[');
  for (let i = 0; written < target; i++) await write(`${i ? ',' : ''}${JSON.stringify(chatgptConversation(i))}`);
  await write(']');
} else {
  while (written < target) await write(`${JSON.stringify(jsonlRecord())}\n`);
}
out.end();
await once(out, 'finish');
console.log(JSON.stringify({ bytes: written }));
