import { TASKS } from '../../electron/engine/demo/patterns.js';

/*
 * The planted recurring problems of the pattern-recovery benchmark. Each problem is said many
 * ways and shows up as the kinds people use for it: a standing instruction ("we use pnpm") and
 * the corrections that enforce it; a failure whose command varies but whose cause is the same,
 * and the person's answer to it. Two disjoint sets: TUNING (looked at while building the pattern
 * stage) and HELD_OUT (run only to report; never tuned on). `{x}` slots are filled at random
 * (paths, numbers, ids) so no two occurrences of a failure read the same.
 */

export interface PlantedFailure {
  command: string;
  output: string;
}

export interface Problem {
  id: string;
  /** The person's own words: corrections and standing instructions. */
  said: string[];
  /** Failed tool calls with the same cause. */
  failures: PlantedFailure[];
}

export const TUNING: readonly Problem[] = [
  {
    id: 'pnpm-not-npm',
    said: [
      'No, we use pnpm here, not npm. Rerun it with pnpm.',
      "Don't use npm in this repo, it's a pnpm workspace.",
      'Why did you run npm install? This project uses pnpm.',
      'npm again?? pnpm, please.',
      'Always use pnpm for installs and scripts in this repo.',
      'From now on use pnpm, never npm, for everything here.',
      'Wrong package manager: pnpm, not npm.',
      'Please stop reaching for npm; the lockfile is pnpm-lock.yaml.',
      'We are a pnpm shop. Redo that with pnpm add.',
    ],
    failures: [],
  },
  {
    id: 'generated-files',
    said: [
      "Don't edit the generated files in src/gen, change the schema and regenerate.",
      'You edited src/gen/api.ts by hand again; those files are generated.',
      'Never touch anything under src/gen, it is overwritten by codegen.',
      'Revert the change in src/gen and edit schema.graphql instead.',
      'src/gen is generated code. Put the change in the schema and run codegen.',
      'Why are you modifying generated files? Edit the source schema.',
      'Generated code again... please change the schema, not src/gen.',
      'Hand edits to src/gen get wiped on the next codegen run, undo that.',
    ],
    failures: [],
  },
  {
    id: 'tests-before-done',
    said: [
      'You forgot to run the tests before saying it is done.',
      "That's not done until the test suite passes. Run it.",
      'Always run the tests before you claim a fix works.',
      'Did you even run the tests? Run them before reporting success.',
      'Run the full test suite first, then tell me it is fixed.',
      'Again you said done without running tests.',
      'Before you say finished, the tests have to pass.',
      'Never report a task complete without a green test run.',
    ],
    failures: [],
  },
  {
    id: 'deployctl-auth',
    said: [
      'You need to run deployctl login first, the token expired.',
      'Log in with deployctl login before deploying, every time.',
      'The deploy failed because you are not logged in; run deployctl login.',
    ],
    failures: [
      { command: 'deployctl push {file}.yaml', output: 'Pushing {file}.yaml to cluster {id}...\nError: authentication required: token expired at {time}\nRun `deployctl login` to refresh credentials.' },
      { command: 'deployctl status {name}', output: 'Error: authentication required: token expired at {time}\nRun `deployctl login` to refresh credentials.' },
      { command: 'deployctl rollback {name} --to v{n}', output: 'Resolving release v{n}...\nError: authentication required: token expired at {time}' },
      { command: 'deployctl logs {name} --tail {n}', output: 'Error: authentication required: token expired at {time}\nhint: deployctl login' },
      { command: 'deployctl push --env staging {file}.yaml', output: 'Error: authentication required: token expired at {time}\nRun `deployctl login` to refresh credentials.' },
      { command: 'deployctl scale {name} --replicas {n}', output: 'Error: authentication required: token expired at {time}' },
      { command: 'deployctl env set {name} KEY=value', output: 'Error: authentication required: token expired at {time}\nRun `deployctl login` to refresh credentials.' },
      { command: 'deployctl push {file}.yaml --wait', output: 'Uploading manifest ({n} kB)\nError: authentication required: token expired at {time}' },
    ],
  },
  {
    id: 'missing-module-decl',
    said: [
      'When you add a Rust module, declare it in lib.rs.',
      'You forgot `mod` in lib.rs again.',
      'New files under src/ need a mod line in lib.rs, please remember.',
    ],
    failures: [
      { command: 'cargo build', output: '   Compiling ledger v0.{n}.0 (/work/ledger)\nerror[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1\n  |\n{n} | mod {name};\n  | ^^^^^^^^^^^\n  = help: to create the module `{name}`, create file "src/{name}.rs"\nerror: could not compile `ledger` (lib) due to 1 previous error' },
      { command: 'cargo test', output: 'error[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1\nerror: could not compile `ledger` due to 1 previous error' },
      { command: 'cargo build --release', output: '   Compiling ledger v0.{n}.0\nerror[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:5\nwarning: build failed, waiting for other jobs to finish...' },
      { command: 'cargo check', output: '    Checking ledger v0.{n}.0\nerror[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1\nerror: could not compile `ledger` (lib) due to 1 previous error' },
      { command: 'cargo run --bin {name}', output: 'error[E0583]: file not found for module `{name}`\n --> src/main.rs:{n}:1' },
      { command: 'cargo clippy', output: '    Checking ledger v0.{n}.0\nerror[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1' },
      { command: 'cargo test {name}', output: '   Compiling ledger v0.{n}.0\nerror[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1\nerror: could not compile `ledger`' },
      { command: 'cargo build -p ledger', output: 'error[E0583]: file not found for module `{name}`\n --> src/lib.rs:{n}:1\n  = help: to create the module `{name}`, create file "src/{name}.rs"' },
    ],
  },
  {
    id: 'pytest-fixture',
    said: ['The db fixture lives in tests/conftest.py, import nothing, just request it.', 'Use the db fixture from conftest instead of building a session yourself.'],
    failures: [
      { command: 'pytest tests/test_{name}.py', output: "============================= test session starts ==============================\ncollected {n} items\n\ntests/test_{name}.py E\n\n==================================== ERRORS ====================================\n___________________ ERROR at setup of test_{name}_creates ___________________\nfile /work/api/tests/test_{name}.py, line {n}\n  def test_{name}_creates(db_session):\nE       fixture 'db_session' not found\n>       available fixtures: cache, capfd, db, monkeypatch, tmp_path\n=========================== short test summary info ============================\nERROR tests/test_{name}.py::test_{name}_creates\n============================== 1 error in 0.{n}s ===============================" },
      { command: 'pytest -k {name}', output: "collected {n} items / {n} deselected\n\ntests/test_{name}.py E\nE       fixture 'db_session' not found\n>       available fixtures: cache, db, monkeypatch\n1 error in 0.{n}s" },
      { command: 'python -m pytest tests/', output: "tests/test_{name}.py::test_list E\n___ ERROR at setup of test_list ___\nE       fixture 'db_session' not found\n=== 1 error, {n} passed in {n}.{n}s ===" },
      { command: 'pytest tests/test_{name}.py -x', output: "tests/test_{name}.py E\n  def test_update(db_session, client):\nE       fixture 'db_session' not found\n>       available fixtures: client, db, tmp_path\nERROR tests/test_{name}.py::test_update" },
      { command: 'pytest', output: "collected {n} items\ntests/api/test_{name}.py ..E\nE       fixture 'db_session' not found\n=== 1 error, {n} passed ===" },
      { command: 'pytest tests/test_{name}.py::test_delete', output: "tests/test_{name}.py E\nE       fixture 'db_session' not found\n>       available fixtures: db, monkeypatch\n1 error in 0.{n}s" },
      { command: 'uv run pytest tests/test_{name}.py', output: "tests/test_{name}.py E\nfile /work/api/tests/test_{name}.py, line {n}\nE       fixture 'db_session' not found\n1 error" },
      { command: 'pytest -q', output: "..E..\nE       fixture 'db_session' not found\n1 error, {n} passed in {n}.{n}s" },
    ],
  },
  {
    id: 'no-default-exports',
    said: [
      'Always use named exports in this codebase.',
      'We prefer named exports, never default exports.',
      'No default export please, make it a named one.',
      'Why is that a default export? We only use named exports.',
      "I'd rather have named exports everywhere.",
      'Default exports again. Switch them to named exports.',
      'Please convert that to a named export, like the rest of the code.',
      'Named exports only in this repo.',
    ],
    failures: [],
  },
  {
    id: 'ts-path-alias',
    said: ["The alias is ~/ not @/ in this repo, check tsconfig paths.", 'Use ~/ imports; @/ is not configured here.'],
    failures: [
      { command: 'npx tsc --noEmit', output: "src/{name}/index.ts({n},{n}): error TS2307: Cannot find module '@/lib/{name}' or its corresponding type declarations." },
      { command: 'pnpm typecheck', output: "> tsc --noEmit\n\nsrc/components/{name}.tsx({n},{n}): error TS2307: Cannot find module '@/theme/{name}' or its corresponding type declarations.\n\nFound 1 error in src/components/{name}.tsx:{n}" },
      { command: 'pnpm build', output: "vite v5.{n}.0 building for production...\nsrc/{name}.ts({n},{n}): error TS2307: Cannot find module '@/api/{name}' or its corresponding type declarations.\nBuild failed." },
      { command: 'npx tsc -p tsconfig.json', output: "src/routes/{name}.ts({n},{n}): error TS2307: Cannot find module '@/utils/{name}' or its corresponding type declarations.\nFound 1 error." },
      { command: 'pnpm tsc', output: "src/{name}.tsx({n},{n}): error TS2307: Cannot find module '@/hooks/{name}' or its corresponding type declarations." },
      { command: 'pnpm run check', output: "src/pages/{name}.tsx({n},{n}): error TS2307: Cannot find module '@/store/{name}' or its corresponding type declarations.\nFound 1 error in src/pages/{name}.tsx:{n}" },
      { command: 'npx tsc --noEmit -p .', output: "src/{name}/model.ts({n},{n}): error TS2307: Cannot find module '@/db/{name}' or its corresponding type declarations." },
      { command: 'pnpm lint && pnpm typecheck', output: "src/{name}.ts({n},{n}): error TS2307: Cannot find module '@/config/{name}' or its corresponding type declarations." },
    ],
  },
];

export const HELD_OUT: readonly Problem[] = [
  {
    id: 'no-force-push',
    said: [
      'Never force-push to a shared branch.',
      'You force-pushed again. Stop doing that on shared branches.',
      'Why did you use push --force? Others work on that branch.',
      'Do not rewrite history on main or develop, no --force.',
      'Use --force-with-lease if you must, never plain --force.',
      'From here on, no force pushes at all please.',
      "git push -f?! That wiped a colleague's commit.",
      "I'd rather you opened a new branch than force-push.",
    ],
    failures: [],
  },
  {
    id: 'utc-timestamps',
    said: [
      'Store timestamps in UTC, not local time.',
      'That column must be UTC; you used local time again.',
      'Always convert to UTC before writing dates to the database.',
      'Why is this datetime naive? Make it timezone-aware UTC.',
      'All times in the API are UTC ISO strings, please fix.',
      'Local time in the DB again... use UTC.',
      'Every date we persist is UTC, no exceptions.',
      'Please keep times in UTC and only format them in the UI.',
    ],
    failures: [],
  },
  {
    id: 'small-commits',
    said: [
      'Keep commits small, one change each.',
      'That commit mixes three things; split it.',
      'Please make one commit per logical change.',
      'Why is the refactor in the same commit as the bug fix? Separate them.',
      'From now on, small focused commits only.',
      'Too big a commit again. Break it up.',
      "I'd rather see several small commits than one giant one.",
      'One concern per commit, please.',
    ],
    failures: [],
  },
  {
    id: 'docker-daemon',
    said: ['Start colima before running docker commands.', 'Docker is not running because colima is stopped; run colima start first.'],
    failures: [
      { command: 'docker compose up -d', output: 'Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker build -t {name}:{n} .', output: 'ERROR: Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker ps', output: 'Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker run --rm {name} pytest', output: 'docker: Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?.\nSee \'docker run --help\'.' },
      { command: 'docker compose logs {name}', output: 'Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker exec -it {name} sh', output: 'Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker compose build {name}', output: 'Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
      { command: 'docker pull postgres:1{n}', output: 'Error response from daemon: Cannot connect to the Docker daemon at unix:///Users/{name}/.colima/default/docker.sock. Is the docker daemon running?' },
    ],
  },
  {
    id: 'go-unused-import',
    said: ['Run goimports before building, it removes unused imports.', 'Unused imports break the Go build; run goimports -w.'],
    failures: [
      { command: 'go build ./...', output: '# example.com/{name}/internal/{name}\ninternal/{name}/handler.go:{n}:2: "fmt" imported and not used' },
      { command: 'go test ./internal/{name}/...', output: '# example.com/svc/internal/{name} [example.com/svc/internal/{name}.test]\ninternal/{name}/store.go:{n}:2: "strings" imported and not used\nFAIL\texample.com/svc/internal/{name} [build failed]' },
      { command: 'go vet ./...', output: 'internal/{name}/{name}.go:{n}:2: "os" imported and not used' },
      { command: 'go run ./cmd/{name}', output: '# example.com/svc/cmd/{name}\ncmd/{name}/main.go:{n}:2: "log" imported and not used' },
      { command: 'go build -o bin/{name} ./cmd/{name}', output: 'cmd/{name}/main.go:{n}:2: "errors" imported and not used' },
      { command: 'go test ./...', output: '# example.com/svc/pkg/{name}\npkg/{name}/util.go:{n}:2: "time" imported and not used\nFAIL\texample.com/svc/pkg/{name} [build failed]' },
      { command: 'make build', output: 'go build ./...\n# example.com/svc/internal/{name}\ninternal/{name}/api.go:{n}:2: "context" imported and not used\nmake: *** [build] Error 1' },
      { command: 'go test -run Test{name} ./...', output: 'internal/{name}/x.go:{n}:2: "bytes" imported and not used\nFAIL' },
    ],
  },
  {
    id: 'migrations-alembic',
    said: [
      'Never edit a migration that already ran; add a new one.',
      'You changed an applied Alembic migration again. Create a new revision instead.',
      'Migrations are append-only here.',
    ],
    failures: [
      { command: 'alembic upgrade head', output: 'INFO  [alembic.runtime.migration] Running upgrade {id} -> {id}\nsqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}_at" of relation "{name}s" already exists' },
      { command: 'make migrate', output: 'alembic upgrade head\nsqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}_id" of relation "{name}" already exists\nmake: *** [migrate] Error 1' },
      { command: 'alembic upgrade +1', output: 'Traceback (most recent call last):\n  File "/usr/lib/python3/site-packages/sqlalchemy/engine/base.py", line {n}, in _execute_context\npsycopg2.errors.DuplicateColumn: column "{name}" of relation "orders" already exists\nsqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}" of relation "orders" already exists' },
      { command: 'python manage.py db upgrade', output: 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}" of relation "users" already exists' },
      { command: 'alembic upgrade head --sql', output: 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}_count" of relation "{name}" already exists' },
      { command: 'uv run alembic upgrade head', output: 'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\nsqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}" of relation "{name}s" already exists' },
      { command: 'docker compose run api alembic upgrade head', output: 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}" of relation "invoices" already exists' },
      { command: 'alembic upgrade {id}', output: 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateColumn) column "{name}_flag" of relation "{name}" already exists' },
    ],
  },
  {
    id: 'no-console-log',
    said: [
      'Use the logger, not console.log.',
      'console.log again? We have a structured logger, use it.',
      'Never leave console.log in committed code.',
      'Please replace those console.log calls with logger.debug.',
      'No console.log in the server code, ever.',
      'Why are there console.logs in this PR? Use the logger.',
      'Swap console.log for our logger everywhere you added it.',
      'From now on, log through logger, not the console.',
    ],
    failures: [],
  },
  {
    id: 'node-version',
    said: ['This repo needs Node 22, run nvm use first.', 'Wrong Node version again: nvm use, then retry.'],
    failures: [
      { command: 'pnpm install', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\n\nYour Node version is incompatible with "{name}@{n}.0.0".\n\nExpected version: >=22\nGot: v18.{n}.0' },
      { command: 'pnpm add {name}', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nExpected version: >=22\nGot: v18.{n}.0' },
      { command: 'pnpm i --frozen-lockfile', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\n\nYour Node version is incompatible with "web@{n}.0.0".\nExpected version: >=22\nGot: v18.{n}.0' },
      { command: 'pnpm install --filter {name}', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nGot: v18.{n}.0' },
      { command: 'pnpm dlx {name}', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nExpected version: >=22\nGot: v18.{n}.0' },
      { command: 'pnpm update {name}', output: ' ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nYour Node version is incompatible.\nGot: v18.{n}.0' },
      { command: 'pnpm install', output: 'Progress: resolved {n}, reused {n}\n ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nExpected version: >=22\nGot: v18.{n}.0' },
      { command: 'pnpm -r install', output: 'Scope: all {n} workspace projects\n ERR_PNPM_UNSUPPORTED_ENGINE  Unsupported environment (bad pnpm and/or Node.js version)\nGot: v18.{n}.0' },
    ],
  },
];

/** One-off requests: tasks that never recur. */
export const ONE_OFF_TASKS: readonly string[] = [
  ...TASKS.filter((t) => !/flaky login test/.test(t)),
  'Rename the User model to Account across the codebase',
  'Add a CSV export to the reports page',
  'Make the sidebar collapsible on mobile',
  'Write unit tests for the invoice calculator',
  'Add rate limiting to the public API',
  'Upgrade React Router to v7',
  'Add OpenTelemetry tracing to the checkout service',
  'Implement password reset emails',
  'Add an index on orders.customer_id',
  'Create a GitHub Action that runs lint on pull requests',
  'Show a toast when saving settings fails',
  'Port the bash deploy script to Python',
  'Add a health check endpoint',
  'Debounce the search box input',
  'Cache the exchange rates for an hour',
  'Add keyboard shortcuts to the editor',
  'Support uploading PNG avatars',
  'Split the monolithic utils.ts into modules',
  'Translate the onboarding screens to German',
  'Fix the date picker off-by-one in Safari',
  'Add a feature flag for the new pricing page',
];

/** One-off failures: each happens once. */
export const ONE_OFF_FAILURES: readonly PlantedFailure[] = [
  { command: 'curl -sf http://localhost:{n}/health', output: 'curl: (7) Failed to connect to localhost port {n} after 0 ms: Connection refused' },
  { command: 'psql -c "select 1"', output: 'psql: error: connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory' },
  { command: 'make lint', output: 'make: *** No rule to make target `lint\'.  Stop.' },
  { command: 'jq .items data.json', output: 'jq: error (at data.json:{n}): Cannot iterate over null (null)' },
  { command: 'terraform plan', output: 'Error: Failed to load plugin schemas\n\nError while loading schemas for plugin components: Failed to obtain provider schema' },
  { command: 'kubectl get pods -n {name}', output: 'error: You must be logged in to the server (Unauthorized)' },
  { command: 'ruby -v', output: 'bash: ruby: command not found' },
  { command: 'python scripts/seed.py', output: 'Traceback (most recent call last):\n  File "scripts/seed.py", line {n}, in <module>\n    import faker\nModuleNotFoundError: No module named \'faker\'' },
  { command: 'npx prettier --check .', output: '[warn] src/{name}.ts\n[warn] Code style issues found in the above file. Run Prettier with --write to fix.' },
  { command: 'gh pr create --fill', output: 'pull request create failed: GraphQL: No commits between main and {name} (createPullRequest)' },
  { command: 'aws s3 ls s3://{name}', output: 'An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied' },
  { command: 'ssh-add ~/.ssh/id_ed25519', output: 'Could not open a connection to your authentication agent.' },
  { command: 'java -jar build/app.jar', output: 'Error: Unable to access jarfile build/app.jar' },
  { command: 'openssl x509 -in cert.pem -noout', output: 'unable to load certificate\n{n}:error:0909006C:PEM routines:get_name:no start line' },
  { command: 'redis-cli ping', output: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused' },
];
