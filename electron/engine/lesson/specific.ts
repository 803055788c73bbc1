/*
 * What makes a lesson specific: it names something an agent can act on. Used by the linter (a
 * rule with none of these is flagged) and the local drafter (to find the command in examples).
 */

/** Command-line tools common in coding sessions, lower case, whose names are not also English words. */
export const KNOWN_TOOLS: ReadonlySet<string> = new Set(
  `npm npx pnpm yarn bun deno tsx ts-node git gh docker docker-compose podman kubectl helm terraform cmake
  cargo rustc rustup python python3 pip pip3 pipx uv poetry conda pytest tox nox ruff isort mypy pyright flake8
  jest vitest mocha playwright cypress eslint prettier biome tsc webpack vite rollup esbuild turbo nx lerna bash zsh
  powershell curl wget ssh scp rsync sed awk grep rg ripgrep xargs jq yq psql mysql sqlite3 redis-cli mongosh
  apt-get dnf java javac mvn gradle dotnet xcodebuild rake php composer ffmpeg gcloud
  vercel netlify wrangler prisma alembic django flask fastapi rspec phpunit junit gradlew bazel sbt elixir
  cabal ghc flutter kotlin clang gcc lldb gdb valgrind tmux nvim vim emacs`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Tools named like English words ("make sure", "go on"): a command only at the start of a
 * command line, never evidence of specificity in prose.
 */
export const WORD_TOOLS: ReadonlySet<string> = new Set(
  'make go node find sh brew apt swift ruby gem bundle rails mix stack black dart aws az'.split(' '),
);

/** Claude Code / Codex tool names, as they appear (capitalised) in transcripts. */
export const AGENT_TOOLS: ReadonlySet<string> = new Set(
  ['Bash', 'Read', 'Edit', 'MultiEdit', 'Write', 'Grep', 'Glob', 'WebFetch', 'WebSearch', 'TodoWrite', 'Task', 'NotebookEdit', 'apply_patch', 'shell'],
);

const ANCHORS: { name: string; re: RegExp }[] = [
  { name: 'code span', re: /`[^`\n]+`/ },
  { name: 'quotation', re: /["“«][^"”»\n]{3,}["”»]/ },
  // A rooted path (/etc/hosts, ./src, ~/.config), or a relative one with two slashes or a file
  // extension (src/lib/, src/index.ts), so that "and/or" is not a path.
  { name: 'path', re: /(?:^|[\s(])(?:(?:\.{1,2}|~)?\/[\w.-]+|[\w.-]+\/[\w.-]+\/[\w./-]*|[\w-]+\/[\w-]+\.\w+)/ },
  { name: 'file name', re: /\b[\w-]+\.(?:[cm]?[jt]sx?|json|ya?ml|toml|md|mdc|py|rs|go|rb|java|kt|swift|c|h|cpp|cs|php|sh|sql|lock|env|ini|cfg|txt|html|css|scss|xml|gradle|tf)\b/i },
  { name: 'flag', re: /(?:^|\s)--?[a-zA-Z][\w-]*/ },
  { name: 'identifier', re: /\b(?:[a-z]+_[a-z0-9_]+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/ },
];

/** The first concrete thing a text names (a code span, a path, a tool...), or null if none. */
export function findAnchor(text: string): string | null {
  for (const { re } of ANCHORS) {
    const m = re.exec(text);
    if (m) return m[0].trim();
  }
  for (const word of text.match(/[A-Za-z][\w+.-]*/g) ?? []) {
    const bare = word.replace(/[.]+$/, '');
    if (KNOWN_TOOLS.has(bare.toLowerCase()) || AGENT_TOOLS.has(bare)) return bare;
  }
  return null;
}

/** Words that end a command when reading one out of prose ("npm test failed with..."). */
const PROSE_STOP = new Set(
  'with because failed fails failing and but error errors returned exited when again the a an to in on for is was it that then after before'.split(' '),
);

const ARG = /^[\w./@=+~-][\w./@:=+~,-]*$/;

function commandFrom(words: string[], start: number, maxArgs = 3): string {
  const out = [words[start]];
  for (let i = start + 1; i < words.length && out.length <= maxArgs; i++) {
    const w = words[i];
    if (PROSE_STOP.has(w.toLowerCase()) || !ARG.test(w) || /[:,]$/.test(w)) {
      const bare = w.replace(/[:,]+$/, '');
      if (bare !== w && ARG.test(bare) && !PROSE_STOP.has(bare.toLowerCase())) out.push(bare);
      break;
    }
    out.push(w);
  }
  return out.join(' ');
}

/**
 * The shell command a text shows, if any: a code span starting with a tool, a command line
 * (`$ ...`, `Bash: ...`, or a line starting with a tool), or a known tool in prose with its
 * arguments. At most the tool and three arguments: enough to name it, short enough to quote.
 */
export function findCommand(text: string): string | null {
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const first = m[1].trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (KNOWN_TOOLS.has(first) || WORD_TOOLS.has(first)) return commandFrom(m[1].trim().split(/\s+/), 0);
  }
  for (const line of text.split('\n')) {
    const m = /^\s*(\$\s+|>\s+|(?:Bash|shell|command|cmd)\s*[:(]\s*)?(.*)$/i.exec(line);
    const marked = Boolean(m?.[1]);
    const words = (m?.[2] ?? '').split(/\s+/).filter(Boolean);
    const first = words[0]?.replace(/^["'`(]+/, '').toLowerCase() ?? '';
    if (KNOWN_TOOLS.has(first) || (marked && WORD_TOOLS.has(first))) {
      words[0] = first;
      return commandFrom(words, 0);
    }
  }
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const bare = words[i].replace(/^["'(]+|[.,:;)"']+$/g, '');
    if (KNOWN_TOOLS.has(bare.toLowerCase())) {
      words[i] = bare;
      return commandFrom(words, i);
    }
  }
  return null;
}
