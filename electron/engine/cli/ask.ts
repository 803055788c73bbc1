import { createInterface } from 'node:readline/promises';

/** A yes/no question on the terminal (on stderr, so --json output stays clean); no terminal means no. */
export async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
