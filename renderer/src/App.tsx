import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiResult } from '../../shared/api.js';
import { createClient, type ApiClient } from './api/client.js';
import { dragHasFiles, filesFromDrop } from './api/drop.js';
import { plural } from '../../shared/words.js';
import { importOutcome, useAnalysis } from './api/use-analysis.js';
import type { JobView } from './api/use-job.js';
import { ErrorNote } from './screens/common.js';
import { Connect } from './screens/Connect.js';
import { Dreaming } from './screens/Dreaming.js';
import { Lessons } from './screens/Lessons.js';
import { Outbox } from './screens/Outbox.js';
import { Patterns } from './screens/Patterns.js';
import { Sessions } from './screens/Sessions.js';
import { Settings } from './screens/Settings.js';
import { Welcome } from './screens/Welcome.js';
import { SCREENS, useRoute } from './route.js';

/**
 * The app shell: a tab bar of screens over one API client (HTTP in browser mode, IPC in the desktop app).
 * The screen and its selection are the URL's hash (route.ts): Back, Forward and reload keep them.
 */
export function App({ client }: { client?: ApiClient }) {
  const api = useMemo(() => client ?? createClient(), [client]);
  const [route, go] = useRoute();
  const screen = route.screen;
  const [status, setStatus] = useState<ApiResult<'status'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dropped, setDropped] = useState<{ files: File[]; seq: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  // Numbers the drops, so the import panel takes each one once.
  const dropSeq = useRef(0);
  const mainRef = useRef<HTMLElement>(null);
  // Why the running analysis started without a click (shown beside its progress).
  const [analysisNote, setAnalysisNote] = useState<string | null>(null);

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
          go({ screen: 'import' });
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
  }, [api, go]);

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

  const analysis = useAnalysis(api, refresh);
  const { run: analyse, stop: stopAnalysis } = analysis;
  // The running analysis was started by an import (not by the person).
  const autoStarted = useRef(false);
  /**
   * The store runs one job at a time. An analysis an import started gives way to the next import
   * (cancelled, so nothing of it is written); that import's own analysis then covers both.
   */
  const analysisRunning = useRef(false);
  analysisRunning.current = analysis.view.state === 'running';
  // An analysis stopped for an import is owed: it runs after that import even if the import brings nothing new.
  const owed = useRef(false);
  const beforeImport = useCallback(async () => {
    if (!autoStarted.current || !analysisRunning.current) return;
    owed.current = true;
    await stopAnalysis();
  }, [stopAnalysis]);
  /**
   * An import ended. With `autoAnalyze` on (the default) and new or changed sessions, the analysis
   * starts by itself; the person is taken to Patterns unless a file failed or was cancelled, whose
   * reasons they should read first (the Import screen then shows the analysis going on).
   */
  const imported = useCallback(
    (view: JobView<'import'>) => {
      refresh();
      const outcome = importOutcome(view);
      const resume = owed.current;
      owed.current = false;
      const changed = outcome?.changed ?? 0;
      if (changed === 0 && !resume) return;
      api.getSettings({}).then(
        (settings) => {
          if (!settings.autoAnalyze) return;
          setAnalysisNote(
            changed > 0
              ? `Finding patterns: ${plural(changed, 'new or updated session')} just imported.`
              : 'Finding patterns: the analysis that gave way to this import starts again.',
          );
          autoStarted.current = true;
          analyse();
          if (outcome && changed > 0 && outcome.troubled === 0) go({ screen: 'patterns' });
        },
        (e: Error) => setError(e.message),
      );
    },
    [api, analyse, go, refresh],
  );

  return (
    <div className="app">
      {/* The first Tab stop: past the screen tabs straight to the screen's content. */}
      <a
        href="#main"
        className="skip-link"
        data-testid="skip-link"
        onClick={(e) => {
          e.preventDefault(); // the hash is the route (route.ts)
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop to import
        </div>
      )}
      <header className="top">
        <h1>Reverie</h1>
        <nav aria-label="Screens">
          {SCREENS.map(([id, label]) => (
            <button key={id} type="button" className={screen === id ? 'tab active' : 'tab'} aria-current={screen === id ? 'page' : undefined} onClick={() => go({ screen: id })}>
              {label}
            </button>
          ))}
        </nav>
        {status && (
          <span className="muted small" aria-label="Store contents">
            {plural(status.sessions, 'session')} · {plural(status.clusters, 'pattern')} · {plural(status.lessons, 'lesson')}
          </span>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <ErrorNote error={error} />
        {screen === 'import' && (
          <Welcome
            api={api}
            onImported={imported}
            beforeImport={beforeImport}
            analysing={analysis.view.state === 'running'}
            empty={status?.sessions === 0}
            dropped={dropped}
            onDropTaken={() => setDropped(null)}
            onOpenDreaming={() => go({ screen: 'dreaming' })}
            onNext={(to) => {
              // While an analysis runs (started by the import), the next step only leads to it.
              if (to === 'analyse' && analysis.view.state !== 'running') {
                setAnalysisNote(null);
                autoStarted.current = false;
                analyse();
              }
              go({ screen: to === 'analyse' ? 'patterns' : 'sessions' });
            }}
          />
        )}
        {screen === 'sessions' && (
          <Sessions
            api={api}
            openId={route.id ?? null}
            openMessage={route.m}
            search={route.q ?? ''}
            onSearch={(q) => go({ screen: 'sessions', id: route.id, q: q || undefined }, { replace: true })}
            onOpen={(id, message) => go({ screen: 'sessions', id, q: route.q, m: message })}
            onChanged={refresh}
            onDeleted={() => go({ screen: 'sessions', q: route.q }, { replace: true })}
          />
        )}
        {screen === 'patterns' && (
          <Patterns
            api={api}
            initialCluster={route.id ?? null}
            onSelectCluster={(id) => go({ screen: 'patterns', id: id ?? undefined })}
            analysis={{
              ...analysis,
              run: () => {
                setAnalysisNote(null);
                autoStarted.current = false;
                analyse();
              },
            }}
            analysisNote={analysisNote}
            onOpenSession={(session, message) => go({ screen: 'sessions', id: session, m: message })}
            onOpenLesson={(id) => go({ screen: 'lessons', id })}
            onNext={() => go({ screen: 'lessons' })}
          />
        )}
        {screen === 'lessons' && (
          <Lessons
            api={api}
            onChanged={refresh}
            focusLesson={route.id}
            status={status}
            onGo={(to) => go({ screen: to })}
            onOpenCluster={(id) => go({ screen: 'patterns', id })}
          />
        )}
        {screen === 'dreaming' && <Dreaming api={api} onChanged={refresh} onOpenCluster={(id) => go({ screen: 'patterns', id })} />}
        {screen === 'connect' && <Connect api={api} />}
        {screen === 'outbox' && <Outbox api={api} />}
        {screen === 'settings' && <Settings api={api} onChanged={refresh} />}
      </main>
    </div>
  );
}
