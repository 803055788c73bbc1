import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { SQL_NOT_YET_IN_STORE } from '../../eslint/layers.js';
import { REPO_DIR } from '../helpers/samples.js';

/*
 * The layer rules of eslint/layers.js, run through ESLint with the project's own configuration on
 * code placed (by file name) in each layer: a wrong-way import or SQL outside store/ fails
 * `npm run lint`; the right way passes.
 */

const eslint = new ESLint({ cwd: REPO_DIR });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_DIR, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers (eslint/layers.js)', () => {
  it('fails an import that goes up a layer, and passes one that goes down', async () => {
    const up = await problems('electron/engine/store/fixture.ts', "import { embedTexts } from '../embed/embed-texts.js';\nexport const e = embedTexts;\n");
    expect(up).toEqual([expect.stringMatching(/^reverie\/layers: Wrong-way import of "\.\.\/embed\/embed-texts\.js": store\/ sits below embed\//)]);
    const down = await problems('electron/engine/embed/fixture.ts', "import { storeVectors } from '../store/embeddings.js';\nexport const s = storeVectors;\n");
    expect(down).toEqual([]);
  });

  it('holds the faces apart: the CLI is above browser mode, the desktop main takes nothing from either', async () => {
    expect(await problems('electron/engine/server/fixture.ts', "export { CliError } from '../cli/errors.js';\n")).toHaveLength(1);
    expect(await problems('electron/fixture.ts', "import { CSP } from './engine/server/security.js';\nexport const c = CSP;\n")).toHaveLength(1);
    expect(await problems('electron/fixture.ts', "import { CSP } from './engine/api/content-policy.js';\nexport const c = CSP;\n")).toEqual([]);
  });

  it('keeps base/ free of everything else, shared/ free of the engine and the renderer on the API', async () => {
    expect(await problems('electron/engine/base/fixture.ts', "import type { Lesson } from '../../../shared/types.js';\nexport type L = Lesson;\n")).toHaveLength(1);
    expect(await problems('shared/fixture.ts', "import { textHash } from '../electron/engine/base/hash.js';\nexport const t = textHash;\n")).toHaveLength(1);
    expect(await problems('renderer/src/fixture.ts', "export const load = () => import('../../electron/engine/store/db.js');\n")).toHaveLength(1);
    expect(await problems('renderer/src/fixture.ts', "import { API } from '../../shared/api.js';\nexport const a = API;\n")).toEqual([]);
  });

  it('names an engine folder that has no layer', async () => {
    expect(await problems('electron/engine/newstep/fixture.ts', "import { median } from '../base/stats.js';\nexport const m = median;\n")).toEqual([
      expect.stringContaining('has no layer'),
    ]);
  });

  it('fails SQL outside store/, not in store/, and not a regular expression’s exec', async () => {
    const code = "import type { Db } from '../store/db.js';\nexport const n = (db: Db) => db.prepare('SELECT count(*) FROM moments').pluck().get();\n";
    expect(await problems('electron/engine/api/fixture.ts', code)).toEqual([expect.stringMatching(/^reverie\/sql-in-store:/)]);
    expect(await problems('electron/engine/store/fixture.ts', code.replace('../store/db.js', './db.js'))).toEqual([]);
    const exec = "import type { Db } from '../store/db.js';\nexport const go = (db: Db, s: string) => { db.exec('BEGIN IMMEDIATE'); return /a(b)/.exec(s); };\n";
    expect(await problems('electron/engine/api/fixture.ts', exec)).toEqual([expect.stringMatching(/^reverie\/sql-in-store:/)]);
  });

  it('lists as "not yet in store/" only files that still hold SQL', async () => {
    const strict = new ESLint({
      cwd: REPO_DIR,
      overrideConfig: { files: ['**/*.ts'], rules: { 'reverie/sql-in-store': 'error' } },
    });
    for (const result of await strict.lintFiles([...SQL_NOT_YET_IN_STORE])) {
      expect(result.messages.filter((m) => m.ruleId === 'reverie/sql-in-store').length, path.relative(REPO_DIR, result.filePath)).toBeGreaterThan(0);
    }
  });
});
