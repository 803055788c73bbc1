/**
 * The recurring things a synthetic developer and agent do in the demo corpus. Each list
 * is one pattern the analysis should find again: phrasings vary, the point stays.
 */
export interface Project {
  slug: string;
  cwd: string;
  branch: string;
}

export const PROJECTS: readonly Project[] = [
  { slug: 'shop-api', cwd: '/home/dev/code/shop-api', branch: 'main' },
  { slug: 'web-dashboard', cwd: '/home/dev/code/web-dashboard', branch: 'feat/charts' },
  { slug: 'infra-scripts', cwd: '/home/dev/code/infra-scripts', branch: 'main' },
  { slug: 'mobile-app', cwd: '/home/dev/code/mobile-app', branch: 'develop' },
];

export const TASKS: readonly string[] = [
  'Add pagination to the /orders endpoint',
  'Fix the flaky login test in auth.test.ts',
  'Write a migration that adds a `shipped_at` column to orders',
  'Refactor the chart component to use the new theme tokens',
  'Add retry with backoff to the payment client',
  'Update the README with the new setup steps',
  'Add a dark mode toggle to the settings page',
  'Find out why the nightly backup script exits early',
  'Add input validation to the signup form',
  'Speed up the product search query',
];

export const CORRECTIONS: readonly (readonly string[])[] = [
  [
    'No, we use pnpm here, not npm. Please rerun it with pnpm.',
    "Don't use npm in this repo, it's pnpm. Redo the install with pnpm.",
    'Wrong package manager again: this project uses pnpm, not npm.',
  ],
  [
    "Don't edit the generated files in src/gen, change the schema and regenerate instead.",
    'No, src/gen is generated code. Revert that and edit the schema file.',
    'You edited src/gen/api.ts by hand again; those files are generated, revert it.',
  ],
  [
    'You forgot to run the tests before saying it is done. Run them first.',
    "That's not done until the tests pass. Please run the test suite.",
    'Please always run the tests before you claim a fix works.',
  ],
  [
    'Revert that change to package-lock.json, it should not be touched.',
    'No, undo the lockfile changes, they are unrelated.',
  ],
  [
    "That's wrong: the API returns snake_case fields, not camelCase.",
    'No, the response keys are snake_case (created_at), fix the mapping.',
  ],
];

export const PREFERENCES: readonly (readonly string[])[] = [
  ['Always use named exports in this codebase.', 'We prefer named exports, never default exports.'],
  ['We use vitest, not jest. Never add jest.', 'Tests here are written with vitest, not jest.'],
  ['Never commit directly to main; open a branch.', 'Always create a feature branch, never push to main.'],
  ['Prefer async/await over .then() chains.', 'Please use async/await rather than promise chains.'],
];

export interface Failure {
  command: string;
  output: string;
}

export const FAILURES: readonly (readonly Failure[])[] = [
  [
    { command: 'npm test', output: 'FAIL src/orders/orders.test.ts\n  TypeError: Cannot read properties of undefined (reading \'id\')\n    at mapOrder (src/orders/map.ts:14:22)\nTests: 1 failed, 41 passed' },
    { command: 'npm test -- auth', output: 'FAIL src/auth/auth.test.ts\n  TypeError: Cannot read properties of undefined (reading \'token\')\n    at login (src/auth/login.ts:31:9)\nTests: 2 failed, 18 passed' },
  ],
  [
    { command: 'npx tsc --noEmit', output: "src/charts/Chart.tsx(3,24): error TS2307: Cannot find module '@/theme/tokens' or its corresponding type declarations." },
    { command: 'npx tsc --noEmit', output: "src/api/client.ts(1,21): error TS2307: Cannot find module '@/lib/http' or its corresponding type declarations." },
  ],
  [
    { command: 'npm install', output: 'npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\nnpm error peer react@"^18" from react-chartjs-2@5.2.0' },
    { command: 'npm install zod', output: 'npm error code ERESOLVE\nnpm error ERESOLVE could not resolve\nnpm error While resolving: web-dashboard@0.1.0' },
  ],
  [
    { command: './scripts/backup.sh', output: './scripts/backup.sh: line 12: pg_dump: command not found' },
    { command: 'bash scripts/restore.sh', output: 'scripts/restore.sh: line 7: psql: command not found' },
  ],
  [
    { command: 'git push', output: "To origin\n ! [remote rejected] main -> main (protected branch hook declined)\nerror: failed to push some refs to 'origin'" },
  ],
];
