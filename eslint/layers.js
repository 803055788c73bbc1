import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The layers of the code, written down once, and the lint rules that hold them (run by `npm run
 * lint`, configured in eslint.config.js). Like VS Code's layer checker: a module may import from its
 * own layer and from layers below it, never from one above, so each layer can be read, tested
 * and replaced knowing only what is under it.
 *
 * The engine (electron/engine/<folder>/), lowest first; folders in one entry share a layer. `store` sits under the steps because
 * every step reads and writes through it; the data still flows import → store → moments → embed
 * → index → cluster → digest → lesson → export.
 */
export const ENGINE_LAYERS = [
  'base', // cancellation, errors, hashing, seeded random, vector maths: uses nothing
  'config', // data folder, settings
  'store', // SQLite: every SQL statement lives here
  'import', // log formats → sessions
  'moments', // sessions → moments
  'embed', // moments → vectors (local model, cache)
  'index', // vectors → HNSW index files
  'cluster', // vectors → clusters, patterns, map
  'digest', // cluster → scrubbed digest
  'lesson', // digest → lesson (Claude or local)
  'export', // lessons → CLAUDE.md, AGENTS.md, ...
  'cost', // what a pattern costs, token prices
  'demo', // sample data
  'analyze', // the analysis: moments → embed → index → cluster, run in order
  ['dream', 'figures'], // dream runs, trends, effect; the figures the faces show (they use each other)
  'jobs', // long work in a worker thread, the dream schedule
  'agent', // MCP server and hooks
  'scope', // where a lesson applies, scoped exports
  'api', // the app's API (window and browser mode alike)
  'server', // browser mode
  'cli', // the `reverie` command
];

/** Files whose SQL is still to move into store/ functions (issue #13); the list only shrinks (test/lint/layers.test.ts). */
export const SQL_NOT_YET_IN_STORE = [
  'electron/engine/analyze/incremental.ts',
  'electron/engine/analyze/recluster-rule.ts',
  'electron/engine/cost/pattern-cost.ts',
  'electron/engine/digest/build-digest.ts',
  'electron/engine/dream/dream-run.ts',
  'electron/engine/dream/effect.ts',
  'electron/engine/dream/report-data.ts',
  'electron/engine/dream/trends.ts',
  'electron/engine/dream/watched.ts',
  'electron/engine/figures/lesson-counts.ts',
  'electron/engine/import/run-import.ts',
  'electron/engine/lesson/merge.ts',
  'electron/engine/lesson/store.ts',
  'electron/engine/moments/detectors.ts',
  'electron/engine/moments/evaluate.ts',
  'electron/engine/moments/extract.ts',
  'electron/engine/scope/assess.ts',
  'electron/engine/scope/failing-commands.ts',
  'electron/engine/scope/globs.ts',
  'electron/engine/scope/lesson-scope.ts',
];

/** Layer number of each engine folder. */
const RANK = new Map(ENGINE_LAYERS.flatMap((entry, i) => [entry].flat().map((folder) => [folder, i])));

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a file belongs to: `engine:<layer>`, `electron-main`, `shared`, `renderer`, or null (tests, scripts). */
export function zoneOf(file) {
  const rel = path.relative(ROOT, path.resolve(file)).split(path.sep);
  if (rel[0] === 'shared') return 'shared';
  if (rel[0] === 'renderer') return 'renderer';
  if (rel[0] !== 'electron') return null;
  if (rel[1] !== 'engine') return 'electron-main';
  return RANK.has(rel[2]) ? `engine:${rel[2]}` : 'engine:?';
}

/** Why `from` may not import `to`, or null when it may. */
export function forbidden(from, to) {
  if (to === null || from === null || from === to) return null;
  if (from === 'shared') return 'shared/ runs in both the engine and the browser: it imports only shared/';
  if (from === 'renderer') return to === 'shared' ? null : 'the renderer talks to the engine only through the API (shared/api.ts)';
  if (from === 'engine:base') return 'base/ uses nothing else of the project';
  if (to === 'shared') return null;
  if (to === 'renderer' || to === 'electron-main') return 'the engine and the Electron main never import the renderer, and the engine never imports the Electron main';
  if (to === 'engine:?') return 'this engine folder has no layer: add it to ENGINE_LAYERS in eslint/layers.js';
  if (from === 'electron-main') {
    return to === 'engine:server' || to === 'engine:cli' ? 'the desktop app takes what it shares with browser mode or the CLI from a lower layer (api/ or below)' : null;
  }
  if (from === 'engine:?') return 'this engine folder has no layer: add it to ENGINE_LAYERS in eslint/layers.js';
  const a = RANK.get(from.slice(7));
  const b = RANK.get(to.slice(7));
  return b > a ? `${from.slice(7)}/ sits below ${to.slice(7)}/ (eslint/layers.js): move what both need down, or the caller up` : null;
}

function checkSource(context, node) {
  if (!node || node.type !== 'Literal' || typeof node.value !== 'string' || !node.value.startsWith('.')) return;
  const file = context.filename;
  const from = zoneOf(file);
  const to = zoneOf(path.resolve(path.dirname(file), node.value));
  const why = forbidden(from, to);
  if (why) context.report({ node, messageId: 'wrongWay', data: { target: node.value, why } });
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports only go down the layers of eslint/layers.js' },
    messages: { wrongWay: 'Wrong-way import of "{{target}}": {{why}}.' },
    schema: [],
  },
  create(context) {
    const check = (node) => checkSource(context, node.source);
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/** Statements that start SQL: a string passed to `.prepare()` always is SQL, one passed to `.exec()` when it reads like it. */
const SQL_START = /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ANALYZE|REPLACE)\b/i;

function literalText(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join(' ');
  return null;
}

const sqlInStoreRule = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL is written only in electron/engine/store/' },
    messages: { sql: 'SQL outside electron/engine/store/: put this statement in a store/ function and call that.' },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const name = callee.property.name;
        if (name === 'prepare' || name === 'pragma') return context.report({ node, messageId: 'sql' });
        const text = literalText(node.arguments[0]);
        if (name === 'exec' && text !== null && SQL_START.test(text)) context.report({ node, messageId: 'sql' });
      },
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule, 'sql-in-store': sqlInStoreRule } };
