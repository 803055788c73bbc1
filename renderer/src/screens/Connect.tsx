import { useCallback, useEffect, useState } from 'react';
import type { AgentSetupView } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { ErrorNote } from './common.js';

type Scope = 'user' | 'project';

/**
 * "Connect to your agent": Reverie's Claude Code hooks (new sessions imported when they end, adopted
 * lessons given to each new session) with the exact settings.json change shown before it is
 * written, and the MCP registration commands to copy.
 */
export function Connect({ api }: { api: ApiClient }) {
  const [scope, setScope] = useState<Scope>('user');
  const [projectDir, setProjectDir] = useState('');
  const [setup, setSetup] = useState<AgentSetupView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const params = useCallback(() => (scope === 'user' ? { scope } : { scope, projectDir: projectDir.trim() }), [scope, projectDir]);
  const load = useCallback(() => {
    if (scope === 'project' && !projectDir.trim()) {
      setSetup(null);
      return;
    }
    setError(null);
    api.agentSetup(params()).then(setSetup, (e: Error) => {
      setSetup(null);
      setError(e.message);
    });
  }, [api, params, scope, projectDir]);
  useEffect(load, [load]);

  const hooks = async (action: 'install' | 'uninstall') => {
    setError(null);
    try {
      const r = await api.agentHooks({ action, ...params() });
      setNote(
        !r.changed
          ? `Nothing to change in ${r.file}.`
          : `${action === 'install' ? 'Added the hooks to' : 'Removed the hooks from'} ${r.file}.${r.backup ? ` The file as it was: ${r.backup}` : ''}`,
      );
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const copy = (what: string, text: string) => {
    void navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
  };
  const installed = setup !== null && !setup.hooks.changed;

  return (
    <div className="connect">
      <section className="card" aria-labelledby="hooks-title">
        <h3 id="hooks-title">Claude Code hooks</h3>
        <p className="muted small">
          When a Claude Code session ends, Reverie imports its transcript on this machine. When one starts, Claude gets the lessons you
          adopted that apply to its project (scrubbed of personal data, at most 4,000 characters). Nothing is sent anywhere.
        </p>
        <fieldset className="row">
          <legend>Where</legend>
          <label>
            <input type="radio" name="scope" checked={scope === 'user'} onChange={() => setScope('user')} /> For all my projects (~/.claude/settings.json)
          </label>
          <label>
            <input type="radio" name="scope" checked={scope === 'project'} onChange={() => setScope('project')} /> For one project
          </label>
          {scope === 'project' && (
            <input
              aria-label="Project folder"
              placeholder="/full/path/to/the/project"
              value={projectDir}
              onChange={(e) => setProjectDir(e.target.value)}
              spellCheck={false}
            />
          )}
        </fieldset>
        {setup && (
          <>
            <p data-testid="hooks-state" role="status">
              {installed ? `Reverie's hooks are in ${setup.hooks.file}.` : `This is the change to ${setup.hooks.file}${setup.hooks.before ? '' : ' (a new file)'}:`}
            </p>
            {!installed && (
              <pre className="settings-preview" data-testid="settings-after" aria-label="settings.json after the change">
                {setup.hooks.after}
              </pre>
            )}
            <div className="row">
              {!installed && (
                <button type="button" className="primary" data-testid="hooks-install" onClick={() => void hooks('install')}>
                  Write this change
                </button>
              )}
              {installed && (
                <button type="button" data-testid="hooks-uninstall" onClick={() => void hooks('uninstall')}>
                  Remove Reverie's hooks
                </button>
              )}
              {note && <span role="status">{note}</span>}
            </div>
          </>
        )}
        <ErrorNote error={error} />
      </section>
      {setup && (
        <section className="card" aria-labelledby="mcp-title">
          <h3 id="mcp-title">Let the agent ask Reverie (MCP)</h3>
          <p className="muted small">
            A read-only server the agent can ask: search_sessions, list_patterns, get_lessons and similar_failures. It answers about the
            project the agent works in, scrubbed and bounded, and logs every call on this machine.
          </p>
          <h4>Claude Code: run once in a terminal</h4>
          <pre data-testid="mcp-claude">{setup.mcp.claudeCode}</pre>
          <button type="button" onClick={() => copy('claude', setup.mcp.claudeCode)}>
            Copy
          </button>
          {copied === 'claude' && <span role="status"> Copied.</span>}
          <h4>Codex: add to ~/.codex/config.toml</h4>
          <pre data-testid="mcp-codex">{setup.mcp.codexToml}</pre>
          <button type="button" onClick={() => copy('codex', setup.mcp.codexToml)}>
            Copy
          </button>
          {copied === 'codex' && <span role="status"> Copied.</span>}
        </section>
      )}
    </div>
  );
}
