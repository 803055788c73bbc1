/*
 * The set "restates" is measured and tested on: a lesson as Reverie would word it, a rule a
 * person wrote, and whether the rule already says what the lesson says. Non-matches share the
 * topic (the same tool, the same file) but ask for something else.
 */
export interface RestatePair {
  lesson: string;
  rule: string;
  restates: boolean;
}

export const RESTATE_PAIRS: readonly RestatePair[] = [
  { lesson: 'Use pnpm: Run scripts with pnpm, never npm.', rule: 'This repo uses pnpm. Do not run npm install.', restates: true },
  { lesson: 'Declare modules: Declare a new module in lib.rs before cargo build.', rule: 'Always add the mod declaration to lib.rs before building with cargo.', restates: true },
  { lesson: 'Tests run once: Run the tests with vitest run, not the watch mode.', rule: 'Never start vitest in watch mode; use `npx vitest run`.', restates: true },
  { lesson: 'Branches: Do not commit directly to main; open a branch.', rule: 'Never push commits straight to the main branch — work on a feature branch.', restates: true },
  { lesson: 'Read the error first: Quote the error line before retrying a failed command.', rule: 'When a command fails, read and quote the error message before trying again.', restates: true },
  { lesson: 'Formatting: Format code with prettier before committing.', rule: 'Run prettier on changed files before every commit.', restates: true },
  { lesson: 'No emoji: Never use emoji in commit messages.', rule: 'Commit messages must not contain emoji.', restates: true },
  { lesson: 'Imports: Use absolute imports from @/ instead of relative paths.', rule: 'Import modules via the @/ alias, not ../../ relative paths.', restates: true },
  { lesson: 'Python env: Activate the virtualenv before running python scripts.', rule: 'Always source .venv/bin/activate first, then run Python.', restates: true },
  { lesson: 'Migrations: Never edit a released migration; add a new one.', rule: 'Migrations are append-only: do not change an existing migration, write another.', restates: true },

  { lesson: 'Use pnpm: Run scripts with pnpm, never npm.', rule: 'Run the linter before opening a pull request.', restates: false },
  { lesson: 'Use pnpm: Run scripts with pnpm, never npm.', rule: 'Use yarn workspaces for the monorepo packages.', restates: false },
  { lesson: 'Declare modules: Declare a new module in lib.rs before cargo build.', rule: 'Use cargo clippy to check for warnings.', restates: false },
  { lesson: 'Tests run once: Run the tests with vitest run, not the watch mode.', rule: 'Write tests for every new API endpoint.', restates: false },
  { lesson: 'Branches: Do not commit directly to main; open a branch.', rule: 'Write commit messages in the imperative mood.', restates: false },
  { lesson: 'No emoji: Never use emoji in commit messages.', rule: 'Never use emoji in user-facing UI text.', restates: false },
  { lesson: 'Formatting: Format code with prettier before committing.', rule: 'Keep functions under 50 lines.', restates: false },
  { lesson: 'Read the error first: Quote the error line before retrying a failed command.', rule: 'Log errors together with the request id.', restates: false },
  { lesson: 'Python env: Activate the virtualenv before running python scripts.', rule: 'Type-annotate every public Python function.', restates: false },
  { lesson: 'Migrations: Never edit a released migration; add a new one.', rule: 'Name database tables in the plural.', restates: false },
];
