import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DetectedSourceView, DreamRunView, TrendReportView, WatchedSourceView } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { useJob } from '../api/use-job.js';
import { plural } from '../../../shared/words.js';
import { ErrorNote, RunningJob, when } from './common.js';
import { DreamSchedule } from './DreamSchedule.js';
import { FilterBar, filterParams, NO_FILTER, type FilterValues } from './FilterBar.js';
import { Sparkline } from './Patterns.js';
import { TrendBadges } from './TrendBadges.js';

/*
 * Dreaming: the folders Reverie keeps learning from, a dream run on demand (import what is
 * new there, analyse what changed), the record of past runs, and what changed in the patterns.
 */

const rate = (r: number | null) => (r === null ? '–' : r.toFixed(2));

/** One run in words: what it read and what it changed. */
export function runWords(r: DreamRunView): string {
  const read = `Read ${r.filesRead} new or grown ${r.filesRead === 1 ? 'file' : 'files'} of ${r.filesSeen}: ${r.sessionsAdded} new and ${plural(r.sessionsUpdated, 'grown session')}`;
  const changed = r.analysisSkipped
    ? `analysis skipped (${r.analysisSkipped})`
    : `${plural(r.momentsAdded, 'new moment')}; patterns: ${r.clustersNew} new, ${r.clustersGone} gone, ${r.clustersRegrouped} regrouped`;
  return `${read}; ${changed}.`;
}

/**
 * The known agent folders found on this machine and not watched yet, each offered with one
 * button. Nothing is watched without that click. Shown on the first screen and on Dreaming.
 */
export function WatchSuggestions({ api, onWatched, onOpenDreaming }: { api: ApiClient; onWatched?: () => void; onOpenDreaming?: () => void }) {
  const [found, setFound] = useState<DetectedSourceView[]>([]);
  const [watching, setWatching] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.detectWatched({}).then(setFound, (e: Error) => setError(e.message));
  }, [api]);
  useEffect(load, [load]);
  const watch = async (s: DetectedSourceView) => {
    setError(null);
    try {
      await api.addWatched({ path: s.path });
      setWatching((w) => [...w, s.label]);
      load();
      onWatched?.();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (found.length === 0 && watching.length === 0 && !error) return null;
  return (
    <div className="suggestions" data-testid="watch-suggestions">
      {found.map((s) => (
        <section key={s.path} className="card suggestion" aria-label={`${s.tool} sessions found`}>
          <p>
            We found {s.tool} sessions in <code>{s.label}</code> — watch this folder? Reverie would import what is there on the next dream run,
            and whatever is new on each run after that. Nothing is read until then, and nothing leaves this machine.
          </p>
          <button type="button" className="primary" onClick={() => void watch(s)} aria-label={`Watch ${s.label}`}>
            Watch this folder
          </button>
        </section>
      ))}
      {watching.length > 0 && (
        <p role="status" className="note">
          Watching {watching.join(', ')}.{' '}
          {onOpenDreaming ? (
            <button type="button" className="link" onClick={onOpenDreaming}>
              Dream now to import it →
            </button>
          ) : (
            'Dream now imports it.'
          )}
        </p>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

export function Dreaming({ api, onChanged, onOpenCluster }: { api: ApiClient; onChanged: () => void; onOpenCluster?: (id: number) => void }) {
  const [watched, setWatched] = useState<WatchedSourceView[]>([]);
  const [runs, setRuns] = useState<DreamRunView[]>([]);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // Suggestions re-read what is watched when a folder is added or removed here.
  const [suggestKey, setSuggestKey] = useState(0);

  const loadWatched = useCallback(() => {
    api.listWatched({}).then(setWatched, (e: Error) => setError(e.message));
  }, [api]);
  const loadRuns = useCallback(() => {
    api.listDreamRuns({ limit: 20 }).then(setRuns, (e: Error) => setError(e.message));
  }, [api]);
  useEffect(() => {
    loadWatched();
    loadRuns();
  }, [loadWatched, loadRuns]);

  const [changesKey, setChangesKey] = useState(0);
  const job = useJob(api, 'dream', (view) => {
    loadRuns();
    onChanged();
    setChangesKey((k) => k + 1);
    const run = view.result;
    if (view.state === 'done' && run) setNote(runWords(run));
  });

  const startDream = async () => {
    const started = await api.runDream({});
    loadRuns(); // the run is recorded as it starts: the table shows it running
    return started;
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.addWatched({ path: folder });
      setWatched(r.watched);
      setNote(r.added ? `Watching ${folder.trim()}.` : `${folder.trim()} was already watched.`);
      setFolder('');
      setSuggestKey((k) => k + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const remove = async (path: string) => {
    setError(null);
    try {
      setWatched((await api.removeWatched({ path })).watched);
      setNote(`No longer watching ${path}; its sessions stay in the store.`);
      setSuggestKey((k) => k + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div data-testid="dreaming-screen" className="dreaming">
      <p className="muted">
        Dreaming keeps Reverie learning: each run imports what is new in the watched folders (files already read are skipped), analyses
        what changed on this machine, and records what it did.
      </p>
      <WatchSuggestions
        key={`suggestions-${suggestKey}`}
        api={api}
        onWatched={() => {
          loadWatched();
          setNote(null);
        }}
      />
      <section className="card" aria-labelledby="watched-heading">
        <h3 id="watched-heading">Watched folders</h3>
        {watched.length === 0 ? (
          <p className="muted" data-testid="watched-list">
            Nothing is watched yet. Add a folder of agent logs or exports below.
          </p>
        ) : (
          <ul className="watched" data-testid="watched-list">
            {watched.map((w) => (
              <li key={w.path}>
                <code>{w.path}</code>{' '}
                <span className="muted small">
                  since {w.addedAt.slice(0, 10)}
                  {w.exists ? '' : ' · missing (kept on the list; it may be on an unplugged drive)'}
                </span>{' '}
                <button type="button" onClick={() => void remove(w.path)} aria-label={`Stop watching ${w.path}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="row" onSubmit={(e) => void add(e)}>
          <label>
            Folder to watch{' '}
            <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="~/.claude/projects" size={40} required />
          </label>
          <button type="submit">Watch folder</button>
        </form>
      </section>
      <DreamSchedule api={api} version={changesKey} />
      <section className="card" aria-labelledby="dream-heading">
        <h3 id="dream-heading">Dream</h3>
        <div className="row">
          <button type="button" className="primary" disabled={job.view.state === 'running'} onClick={() => void job.follow(startDream)}>
            Dream now
          </button>
          <RunningJob job={job} label="Dreaming" />
          {job.view.state === 'cancelled' && <span role="status">Dream run cancelled.</span>}
          {watched.length === 0 && job.view.state !== 'running' && (
            <span className="muted small">Nothing is watched: a run analyses what is already stored.</span>
          )}
        </div>
        {note && (
          <p role="status" className="note">
            {note}
          </p>
        )}
        <ErrorNote error={job.view.error ?? error} />
        <RunsTable runs={runs} />
      </section>
      <WhatChanged key={`changes-${changesKey}`} api={api} onOpenCluster={onOpenCluster} />
    </div>
  );
}

/** How a run's analysis went, in words: new moments joining patterns, or a full re-cluster and why. */
export function analysedHow(r: DreamRunView): string {
  if (r.mode === 'incremental') return `analysed: ${r.assigned ?? 0} joined patterns, ${r.unassigned ?? 0} waiting`;
  if (r.mode === 'full') return r.reclusterReason ? `re-clustered: ${r.reclusterReason}` : 're-clustered';
  return 'analysed';
}

function RunsTable({ runs }: { runs: DreamRunView[] }) {
  if (runs.length === 0) {
    return (
      <p className="muted" data-testid="dream-runs">
        No dream runs yet.
      </p>
    );
  }
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-label="Recent dream runs">
      <table className="runs" data-testid="dream-runs">
        <caption className="visually-hidden">Recent dream runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">How</th>
            <th scope="col">Files read</th>
            <th scope="col">Sessions new / grown</th>
            <th scope="col">New moments</th>
            <th scope="col">Patterns new / gone / regrouped</th>
            <th scope="col">Took</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td>{when(r.startedAt)}</td>
              <td>{r.trigger}</td>
              <td>
                {r.filesRead} of {r.filesSeen}
                {r.filesFailed ? <span className="error"> ({r.filesFailed} failed)</span> : null}
              </td>
              <td>
                {r.sessionsAdded} / {r.sessionsUpdated}
              </td>
              <td>{r.momentsAdded}</td>
              <td>
                {r.clustersNew} / {r.clustersGone} / {r.clustersRegrouped}
              </td>
              <td>{r.seconds === null ? 'running…' : `${r.seconds.toFixed(1)} s`}</td>
              <td>
                {r.error ? (
                  <span className="error">failed: {r.error}</span>
                ) : r.finishedAt === null ? (
                  'running'
                ) : r.analysisSkipped ? (
                  <span className="muted">nothing new to analyse</span>
                ) : (
                  analysedHow(r)
                )}
                {r.missing.length > 0 && <span className="muted small"> · missing: {r.missing.join(', ')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The new and growing patterns, in a time window and project (default: everything stored). */
function WhatChanged({ api, onOpenCluster }: { api: ApiClient; onOpenCluster?: (id: number) => void }) {
  const [report, setReport] = useState<TrendReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<FilterValues>(NO_FILTER);
  useEffect(() => {
    let live = true;
    api.trends({ ...filterParams(filters), flagged: true }).then(
      (r) => live && (setReport(r), setError(null)),
      (e: Error) => live && (setReport(null), setError(e.message)),
    );
    return () => {
      live = false;
    };
  }, [api, filters]);

  return (
    <section className="card" aria-labelledby="changed-heading" data-testid="what-changed">
      <h3 id="changed-heading">What changed</h3>
      <div className="toolbar">
        <FilterBar api={api} value={filters} onChange={setFilters} onError={setError} />
      </div>
      <ErrorNote error={error} />
      {report && (
        <p className="muted small">
          {plural(report.sessions, 'session')} {report.from ? `from ${report.from.slice(0, 10)} ` : '(all stored) '}up to {report.to.slice(0, 10)}
          {report.undated ? ` (${report.undated} without a date left out)` : ''}. Rates are moments per session, so a busy week is not a surge.
        </p>
      )}
      {report && report.clusters.length === 0 && <p className="muted">No new or growing patterns in this window.</p>}
      {report && report.clusters.length > 0 && (
        <ul className="changes">
          {report.clusters.map((c) => (
            <li key={c.clusterId} data-testid="trend-item">
              <span className={`kind kind-${c.kind}`}>{c.kind}</span> <TrendBadges trend={c} />{' '}
              {onOpenCluster ? (
                <button type="button" className="link" onClick={() => onOpenCluster(c.clusterId)}>
                  {c.label}
                </button>
              ) : (
                <strong>{c.label}</strong>
              )}{' '}
              <span className="muted small">
                {rate(c.earlierRate)} → {rate(c.recentRate)} per session (before / last four weeks)
              </span>
              <Sparkline weekly={c.weeks.map((w) => ({ week: w.week, count: w.rate ?? 0 }))} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
