import { useEffect, useState, type FormEvent } from 'react';
import type { ApiResult, ApiSettings } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { ErrorNote } from './common.js';
import { DataPanel } from './DeleteData.js';

/** The Anthropic API key: write-only from here (the key never comes back from the API). */
function ApiKeyField({ api }: { api: ApiClient }) {
  const [status, setStatus] = useState<ApiResult<'apiKeyStatus'> | null>(null);
  const [key, setKey] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.apiKeyStatus({}).then(setStatus, (e: Error) => setError(e.message));
  }, [api]);
  const apply = async (next: string | null) => {
    setError(null);
    try {
      setStatus(await api.setApiKey({ key: next }));
      setKey('');
      setNote(next ? 'API key set.' : 'API key removed.');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form
      className="settings card"
      aria-label="Anthropic API key"
      onSubmit={(e) => {
        e.preventDefault();
        void apply(key.trim());
      }}
    >
      <h3>Anthropic API key</h3>
      <p className="muted small">
        {status?.storage === 'encrypted'
          ? 'Stored encrypted with your system keychain (Electron safeStorage), never in plain text, never logged.'
          : status?.storage === 'session'
            ? 'Kept in memory for this session only: never written to disk, never logged, gone when Reverie quits.'
            : 'Browser mode keeps the key only in the memory of this `reverie serve` process: never written to disk, never logged, gone when the server stops.'}{' '}
        It is only used to send requests you have reviewed, and it is never shown again.
      </p>
      {status?.note && (
        <p className="note" data-testid="key-note">
          {status.note}
        </p>
      )}
      <p role="status" data-testid="key-status">
        {status ? (status.hasKey ? 'A key is set.' : 'No key is set.') : ''}
      </p>
      <label>
        New key
        <input type="password" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} placeholder="sk-ant-…" />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={key.trim().length < 8}>
          Set key
        </button>
        {status?.hasKey && (
          <button type="button" onClick={() => void apply(null)}>
            Remove key
          </button>
        )}
        {note && <span role="status">{note}</span>}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}

/** The import caps a person may raise (config/settings.ts), each with the setting name the import errors use. */
const IMPORT_LIMITS = [
  { key: 'maxLineMB', label: 'Longest line of a log, or largest entry of a JSON array (MB)' },
  { key: 'maxUnzippedMB', label: 'Largest file unpacked from a zip (MB)' },
  { key: 'maxZipRatio', label: 'Highest compression ratio of a zip member' },
  { key: 'maxUploadMB', label: 'Largest upload in browser mode (MB)' },
] as const;

export function Settings({ api, onChanged }: { api: ApiClient; onChanged?: () => void }) {
  return (
    <div>
      <ApiKeyField api={api} />
      <GeneralSettings api={api} />
      <DataPanel api={api} onChanged={onChanged} />
    </div>
  );
}

function GeneralSettings({ api }: { api: ApiClient }) {
  const [settings, setSettings] = useState<ApiSettings | null>(null);
  const [names, setNames] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dataDir, setDataDir] = useState<string | null>(null);
  useEffect(() => {
    api.status({}).then((s) => setDataDir(s.dataDir), (e: Error) => setError(e.message));
    api.getSettings({}).then(
      (s) => {
        setSettings(s);
        setNames(s.scrubNames.join(', '));
      },
      (e: Error) => setError(e.message),
    );
  }, [api]);
  if (!settings) return <ErrorNote error={error} />;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await api.saveSettings({
        minSessions: settings.minSessions,
        minProjects: settings.minProjects,
        lessonModel: settings.lessonModel,
        model: settings.model,
        modelsDir: settings.modelsDir,
        autoAnalyze: settings.autoAnalyze,
        maxLineMB: settings.maxLineMB,
        maxUnzippedMB: settings.maxUnzippedMB,
        maxZipRatio: settings.maxZipRatio,
        maxUploadMB: settings.maxUploadMB,
        scrubNames: names.split(',').map((n) => n.trim()).filter(Boolean),
      });
      setSettings(saved);
      setNote('Saved.');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="settings card" onSubmit={(e) => void save(e)}>
      <h3>Privacy</h3>
      <label>
        A pattern may leave this machine only if it spans at least this many sessions
        <input type="number" min={1} value={settings.minSessions} onChange={(e) => setSettings({ ...settings, minSessions: Number(e.target.value) })} />
      </label>
      <label>
        …and this many projects
        <input type="number" min={1} value={settings.minProjects} onChange={(e) => setSettings({ ...settings, minProjects: Number(e.target.value) })} />
      </label>
      <label>
        Names to scrub besides those found automatically (comma-separated)
        <input type="text" value={names} onChange={(e) => setNames(e.target.value)} />
      </label>
      <h3>Analysis</h3>
      <label className="check">
        <input
          type="checkbox"
          data-testid="auto-analyze"
          checked={settings.autoAnalyze}
          onChange={(e) => setSettings({ ...settings, autoAnalyze: e.target.checked })}
        />{' '}
        Find patterns by itself after an import that brings new sessions
      </label>
      <h3>Import limits</h3>
      <p className="muted small">
        Caps that stop a hostile or broken file from eating memory. Raise one when a real log goes over it; the import
        error names the one it hit.
      </p>
      {IMPORT_LIMITS.map(({ key, label }) => (
        <label key={key}>
          {label} <code>{key}</code>
          <input
            type="number"
            min={1}
            data-testid={`limit-${key}`}
            value={settings[key]}
            onChange={(e) => setSettings({ ...settings, [key]: Number(e.target.value) })}
          />
        </label>
      ))}
      <h3>Models</h3>
      <label>
        Claude model for lessons (empty: the default)
        <input type="text" value={settings.lessonModel} onChange={(e) => setSettings({ ...settings, lessonModel: e.target.value })} />
      </label>
      <label>
        Embedding model (empty: the default; takes effect the next time Reverie starts, then analyse again)
        <input type="text" value={settings.model} onChange={(e) => setSettings({ ...settings, model: e.target.value })} />
      </label>
      <label>
        Models folder (empty: the default search order; takes effect on the next start)
        <input type="text" value={settings.modelsDir} onChange={(e) => setSettings({ ...settings, modelsDir: e.target.value })} />
      </label>
      <h3>Data folder</h3>
      <p>
        <code data-testid="data-dir">{dataDir ?? '…'}</code>
      </p>
      <p className="muted small">
        The store, settings and indexes live here.
        {/* Only browser mode was started from a command line, so only there is a command line the way to another folder. */}
        {api.face === 'browser' && (
          <>
            {' '}
            To use another folder, start <code>reverie serve</code> with <code>--data-dir DIR</code> or the <code>REVERIE_DATA_DIR</code> environment
            variable.
          </>
        )}
      </p>
      <button type="submit" className="primary">
        Save
      </button>
      {note && <span role="status"> {note}</span>}
      <ErrorNote error={error} />
    </form>
  );
}
