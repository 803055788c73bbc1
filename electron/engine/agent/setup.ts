import { existsSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../config/paths.js';
import { repoDir } from '../embed/model-config.js';
import { hookCommand, planHooks, settingsFile, type HookEvent, type HooksPlan, type SettingsScope } from './claude-settings.js';

/*
 * What connecting Reverie to an agent takes, for the CLI and the app's "Connect to your agent"
 * screen alike: the command line that starts this Reverie, the hooks change to Claude Code's
 * settings.json (shown before it is written), and the MCP registration for Claude Code and Codex.
 */

/**
 * The words that start this Reverie's command line. From the `reverie` command itself: this Node
 * and this entry file. From the app or `reverie serve` in a checkout: `node` and the checkout's
 * bin/reverie.mjs. Otherwise `reverie` as found on PATH.
 */
export function reverieInvocation(entry: string | undefined = process.argv[1]): string[] {
  const isCli = entry !== undefined && /reverie(\.mjs)?$|dist-cli[\\/]cli\.js$/.test(entry) && existsSync(entry);
  if (isCli && !process.versions.electron) return [process.execPath, realpathSync(entry)];
  const repo = repoDir();
  const bin = repo ? path.join(repo, 'bin', 'reverie.mjs') : null;
  if (bin && existsSync(bin)) return [process.versions.electron ? 'node' : process.execPath, bin];
  return ['reverie'];
}

/** `--data-dir D` for a store other than the default one (the hooks run without this process's environment). */
export function dataDirArgs(dataDir: string): string[] {
  return path.resolve(dataDir) === path.resolve(defaultDataDir()) ? [] : ['--data-dir', dataDir];
}

/** The hook command lines for this Reverie and store. */
export function hookCommands(dataDir: string, reverie = reverieInvocation()): Record<HookEvent, string> {
  const dir = dataDirArgs(dataDir)[1];
  return { SessionStart: hookCommand(reverie, 'SessionStart', dir), SessionEnd: hookCommand(reverie, 'SessionEnd', dir) };
}

export interface McpRegistration {
  /** For a terminal: registers the server with Claude Code for every project of this user. */
  claudeCode: string;
  /** The block for Codex's ~/.codex/config.toml. */
  codexToml: string;
}

const shellQuote = (w: string) => (/^[\w./:@=+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
const tomlString = (s: string) => JSON.stringify(s);

export function mcpRegistration(dataDir: string, reverie = reverieInvocation()): McpRegistration {
  const words = [...reverie, ...dataDirArgs(dataDir), 'mcp'];
  return {
    claudeCode: ['claude', 'mcp', 'add', '--scope', 'user', 'reverie', '--', ...words].map(shellQuote).join(' '),
    codexToml: [
      '[mcp_servers.reverie]',
      `command = ${tomlString(words[0]!)}`,
      `args = [${words.slice(1).map(tomlString).join(', ')}]`,
    ].join('\n'),
  };
}

export interface AgentSetup {
  hooks: HooksPlan;
  mcp: McpRegistration;
}

/** Everything the Connect screen shows for one settings scope; writes nothing. */
export function agentSetup(options: { dataDir: string; scope: SettingsScope; projectDir?: string; home?: string; action?: 'install' | 'uninstall' }): AgentSetup {
  const file = settingsFile(options.scope, options.projectDir ?? process.cwd(), options.home ?? os.homedir());
  return {
    hooks: planHooks(file, options.action ?? 'install', hookCommands(options.dataDir)),
    mcp: mcpRegistration(options.dataDir),
  };
}
