import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiResult } from '../../shared/api.js';
import { createClient, type ApiClient } from './api/client.js';
import { ErrorNote } from './screens/common.js';
import { Lessons } from './screens/Lessons.js';
import { Outbox } from './screens/Outbox.js';
import { Patterns } from './screens/Patterns.js';
import { Sessions } from './screens/Sessions.js';
import { Settings } from './screens/Settings.js';
import { Welcome } from './screens/Welcome.js';

const SCREENS = [
  ['import', 'Import'],
  ['sessions', 'Sessions'],
  ['patterns', 'Patterns'],
  ['lessons', 'Lessons'],
  ['outbox', 'Outbox'],
  ['settings', 'Settings'],
] as const;
type Screen = (typeof SCREENS)[number][0];

/** The app shell: a tab bar of screens over one API client (HTTP in browser mode, IPC in the desktop app). */
export function App({ client }: { client?: ApiClient }) {
  const api = useMemo(() => client ?? createClient(), [client]);
  const [screen, setScreen] = useState<Screen>('import');
  const [status, setStatus] = useState<ApiResult<'status'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openSession, setOpenSession] = useState<number | null>(null);

  const refresh = useCallback(() => {
    api.status({}).then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [api]);
  useEffect(refresh, [refresh]);

  return (
    <div className="app">
      <header className="top">
        <h1>Reverie</h1>
        <nav aria-label="Screens">
          {SCREENS.map(([id, label]) => (
            <button key={id} type="button" className={screen === id ? 'tab active' : 'tab'} aria-current={screen === id ? 'page' : undefined} onClick={() => setScreen(id)}>
              {label}
            </button>
          ))}
        </nav>
        {status && (
          <span className="muted small" aria-label="Store contents">
            {status.sessions} sessions · {status.clusters} patterns · {status.lessons} lessons
          </span>
        )}
      </header>
      <main>
        <ErrorNote error={error} />
        {screen === 'import' && <Welcome api={api} onImported={refresh} empty={status?.sessions === 0} />}
        {screen === 'sessions' && <Sessions api={api} openId={openSession} />}
        {screen === 'patterns' && (
          <Patterns
            api={api}
            onChanged={refresh}
            onOpenSession={(id) => {
              setOpenSession(id);
              setScreen('sessions');
            }}
          />
        )}
        {screen === 'lessons' && <Lessons api={api} onChanged={refresh} />}
        {screen === 'outbox' && <Outbox api={api} />}
        {screen === 'settings' && <Settings api={api} />}
      </main>
    </div>
  );
}
