import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult } from '../../shared/api.js';
import { createClient, type ApiClient } from './api/client.js';
import { dragHasFiles, filesFromDrop } from './api/drop.js';
import { ErrorNote } from './screens/common.js';
import { Connect } from './screens/Connect.js';
import { Dreaming } from './screens/Dreaming.js';
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
  ['dreaming', 'Dreaming'],
  ['connect', 'Connect'],
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
  const [openSession, setOpenSession] = useState<{ session: number; message?: number } | null>(null);
  const [dropped, setDropped] = useState<{ files: File[]; seq: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  // Numbers the drops, so the import panel takes each one once.
  const dropSeq = useRef(0);
  const [openCluster, setOpenCluster] = useState<number | null>(null);

  // Files, folders and zips dropped anywhere on the window go to the import screen.
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!dragHasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (dragHasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || !dragHasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void filesFromDrop(e.dataTransfer, api.face === 'browser').then(
        (files) => {
          setScreen('import');
          setDropped({ files, seq: ++dropSeq.current });
        },
        (err: Error) => setError(`Could not read what was dropped: ${err.message}`),
      );
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [api]);

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
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop to import
        </div>
      )}
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
        {screen === 'import' && (
          <Welcome
            api={api}
            onImported={refresh}
            empty={status?.sessions === 0}
            dropped={dropped}
            onDropTaken={() => setDropped(null)}
            onOpenDreaming={() => setScreen('dreaming')}
          />
        )}
        {screen === 'sessions' && <Sessions api={api} openId={openSession?.session ?? null} openMessage={openSession?.message} />}
        {screen === 'patterns' && (
          <Patterns
            api={api}
            onChanged={refresh}
            initialCluster={openCluster}
            onOpenSession={(session, message) => {
              setOpenSession({ session, message });
              setScreen('sessions');
            }}
          />
        )}
        {screen === 'lessons' && (
          <Lessons
            api={api}
            onChanged={refresh}
            onOpenCluster={(id) => {
              setOpenCluster(id);
              setScreen('patterns');
            }}
          />
        )}
        {screen === 'dreaming' && (
          <Dreaming
            api={api}
            onChanged={refresh}
            onOpenCluster={(id) => {
              setOpenCluster(id);
              setScreen('patterns');
            }}
          />
        )}
        {screen === 'connect' && <Connect api={api} />}
        {screen === 'outbox' && <Outbox api={api} />}
        {screen === 'settings' && <Settings api={api} />}
      </main>
    </div>
  );
}
