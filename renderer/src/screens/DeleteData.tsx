import { useCallback, useEffect, useState } from 'react';
import type { DataSourcesView, DeletePlanView, DeleteTargetView } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { formatLabel, plural } from '../../../shared/words.js';
import { ErrorNote, shortName, when } from './common.js';

/** A delete's consequences in words: every count that is not zero. */
export function planWords(p: DeletePlanView): string[] {
  // [count, noun, what follows the noun]
  const lines: [number | undefined, string, string][] = [
    [p.sessions, 'session', ''],
    [p.messages, 'message', ' with their tool calls and outputs, and their search index rows'],
    [p.moments, 'moment', ' found in them'],
    [p.indexEntries, 'entry', ' of the similarity (HNSW) index'],
    [p.embeddings, 'cached embedding', ' nothing else uses'],
    [p.clustersRemoved, 'pattern', ' left empty'],
    [p.clustersShrunk, 'pattern', ' made smaller (the other moments stay; counts updated)'],
    [p.lessonsTouched, 'lesson', " with less evidence (the lessons' words stay)"],
    [p.lessonsWithoutEvidence, '', 'of them left with no evidence'],
    [p.lessonsUnlinked, 'lesson', ' unlinked from a pattern'],
    [p.sources, 'import record', ': those files can be imported again'],
    [p.lessons, 'lesson', ''],
    [p.outbox, 'outbox entry', ''],
    [p.dreamRuns, 'dream run record', ''],
    [p.watched, 'watched folder', ''],
  ];
  return lines.filter(([n]) => n).map(([n, noun, rest]) => (noun ? `${plural(n!, noun)}${rest}` : `${n!.toLocaleString('en-US')} ${rest}`));
}

/**
 * A delete button that first shows what would go (previewDelete) and deletes only on a second,
 * explicit confirmation; `onDeleted` runs after it is done.
 */
export function DeleteButton({
  api,
  target,
  label,
  testId,
  onDeleted,
}: {
  api: ApiClient;
  target: DeleteTargetView;
  label: string;
  testId?: string;
  onDeleted?: (plan: DeletePlanView) => void;
}) {
  const [plan, setPlan] = useState<DeletePlanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(target);
  useEffect(() => setPlan(null), [key]);
  const ask = async () => {
    setError(null);
    try {
      setPlan(await api.previewDelete({ target }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await api.deleteData({ target });
      setPlan(null);
      onDeleted?.(done);
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  };
  return (
    <span className="delete">
      {!plan && (
        <button type="button" className="danger" data-testid={testId ?? 'delete'} onClick={() => void ask()}>
          {label}
        </button>
      )}
      {plan && (
        <span className="card confirm-delete" role="group" aria-label={`Delete ${plan.what}`} data-testid="delete-plan">
          <strong>Delete {plan.what}?</strong> This removes, for good:
          <ul>
            {planWords(plan).map((w) => (
              <li key={w}>{w}</li>
            ))}
            {planWords(plan).length === 0 && <li>nothing (it holds no data)</li>}
          </ul>
          <span className="row">
            <button type="button" className="danger primary" data-testid="delete-confirm" disabled={busy} onClick={() => void confirm()}>
              {busy ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" onClick={() => setPlan(null)}>
              Keep it
            </button>
          </span>
        </span>
      )}
      <ErrorNote error={error} />
    </span>
  );
}

/** Settings: the stored data by where it came from, each part removable, and everything at once. */
export function DataPanel({ api, onChanged }: { api: ApiClient; onChanged?: () => void }) {
  const [data, setData] = useState<DataSourcesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => api.dataSources({}).then(setData, (e: Error) => setError(e.message)), [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const deleted = (plan: DeletePlanView) => {
    setNote(`Deleted ${plan.what}: ${plural(plan.sessions, 'session')}.`);
    void load();
    onChanged?.();
  };
  return (
    <section className="card settings" aria-label="Your data" data-testid="data-panel">
      <h3>Your data</h3>
      <ErrorNote error={error} />
      {note && (
        <p className="note" role="status" data-testid="delete-note">
          {note}
        </p>
      )}
      {data && data.sampleSessions > 0 && (
        <p className="row">
          <span>
            <span className="badge sample">sample</span> {plural(data.sampleSessions, 'session')} from the built-in sample data.
          </span>
          <DeleteButton api={api} target={{ sample: true }} label="Remove the sample data" testId="delete-sample" onDeleted={deleted} />
        </p>
      )}
      {data && data.projects.length > 0 && (
        <details>
          <summary>By project ({data.projects.length})</summary>
          <ul className="data-list">
            {data.projects.map((p) => (
              <li key={p.project}>
                <span>
                  {p.project} · {plural(p.sessions, 'session')}
                </span>
                <DeleteButton api={api} target={{ project: p.project }} label="Delete" onDeleted={deleted} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {data && data.sources.length > 0 && (
        <details>
          <summary>By import ({data.sources.length})</summary>
          <ul className="data-list">
            {data.sources.map((s) => (
              <li key={s.id}>
                <span title={s.path}>
                  {s.sample && <span className="badge sample">sample</span>} {shortName(s.path)} · {formatLabel(s.format)} · {plural(s.sessions, 'session')} · {when(s.importedAt)}
                </span>
                <DeleteButton api={api} target={{ source: s.id }} label="Delete" onDeleted={deleted} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="row">
        <span className="muted small">
          Everything Reverie stored: sessions, moments, embeddings, patterns, the index, lessons, the outbox, dream runs and watched folders.
          Settings and the API key stay.
        </span>
        <DeleteButton api={api} target={{ all: true }} label="Delete all data…" testId="delete-all" onDeleted={deleted} />
      </p>
    </section>
  );
}
