import { useEffect, useState, type FormEvent } from 'react';
import type { ApiSettings } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { ErrorNote } from './common.js';

export function Settings({ api }: { api: ApiClient }) {
  const [settings, setSettings] = useState<ApiSettings | null>(null);
  const [names, setNames] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
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
      <h3>Models</h3>
      <label>
        Claude model for lessons (empty: the default)
        <input type="text" value={settings.lessonModel} onChange={(e) => setSettings({ ...settings, lessonModel: e.target.value })} />
      </label>
      <p className="muted small">
        Embedding model: {settings.model || 'the default'} (change with <code>reverie settings model ID</code>).
      </p>
      <button type="submit" className="primary">
        Save
      </button>
      {note && <span role="status"> {note}</span>}
      <ErrorNote error={error} />
    </form>
  );
}
