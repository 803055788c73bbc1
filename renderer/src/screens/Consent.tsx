import { useState } from 'react';
import type { ConsentPatternView, LessonPlanView } from '../../../shared/api.js';
import { plural } from '../../../shared/figures.js';
import type { JobView } from '../api/use-job.js';

type Parts = ConsentPatternView['examples'][number];

/** Text with the scrubber's placeholders marked: where a name, a path or a secret was taken out. */
function Marked({ parts }: { parts: Parts }) {
  return (
    <>
      {parts.map((p, i) =>
        p.placeholder ? (
          <mark key={i} className="placeholder" data-testid="placeholder" title="Replaced on this machine before sending">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** One pattern's request, readable: its facts, keywords, examples and the lessons it quotes, with a tick to send it. */
function PatternCard({ view, chosen, onToggle }: { view: ConsentPatternView; chosen: boolean; onToggle: (on: boolean) => void }) {
  return (
    <article className={`card consent-pattern${chosen ? '' : ' left-out'}`} data-testid="consent-pattern" data-cluster={view.clusterId}>
      <label className="consent-choice">
        <input type="checkbox" checked={chosen} onChange={(e) => onToggle(e.target.checked)} data-testid="consent-choose" />{' '}
        <strong>{view.label}</strong> <span className={`kind kind-${view.kind}`}>{view.kind}</span>
      </label>
      <p className="muted small">{view.facts}</p>
      {view.keywords.length > 0 && (
        <p className="small">
          Keywords:{' '}
          {view.keywords.map((k, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <Marked parts={k} />
            </span>
          ))}
        </p>
      )}
      <ol className="consent-examples small">
        {view.examples.map((e, i) => (
          <li key={i}>
            <Marked parts={e} />
          </li>
        ))}
      </ol>
      {view.lessons.length > 0 && (
        <details className="small">
          <summary>{plural(view.lessons.length, 'existing lesson')} quoted, so Claude can edit or merge instead of repeating</summary>
          <ul>
            {view.lessons.map((l) => (
              <li key={l.id}>
                <Marked parts={l.text} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {view.nearby.length > 0 && (
        <p className="small" data-testid="consent-nearby">
          Also sent, to name this pattern apart from them:{' '}
          {view.nearby.map((n, i) => (
            <span key={i}>
              {i > 0 && ', '}“<Marked parts={n} />”
            </span>
          ))}
        </p>
      )}
      <p className="muted small">
        {view.placeholders.length ? `${plural(view.placeholders.length, 'detail')} replaced on this machine: ${view.placeholders.join(', ')}.` : 'No detail needed replacing.'}
      </p>
    </article>
  );
}

/**
 * The consent step: first what about the person would leave, per pattern, readable and with a tick
 * each; the exact request bodies one toggle away; then Send (only the ticked patterns) or Cancel.
 * While sending: the requests sent so far and a Cancel that stops before the next one.
 */
export function ConsentPanel({
  plan,
  busy,
  sending,
  onSend,
  onCancel,
  onStop,
  onSettings,
}: {
  plan: LessonPlanView;
  busy: boolean;
  sending: JobView<'lessons'>;
  /** The ticked patterns' cluster ids, in the plan's order. */
  onSend: (clusterIds: number[]) => void;
  onCancel: () => void;
  onStop: () => void;
  onSettings?: () => void;
}) {
  const [left, setLeft] = useState<Set<number>>(new Set());
  const [raw, setRaw] = useState(false);
  const chosen = plan.requests.filter((r) => !left.has(r.clusterId));
  const sum = (key: 'inputTokens' | 'outputTokensMax') => chosen.reduce((n, r) => n + r.estimate[key], 0);
  const usdMax = chosen.every((r) => r.estimate.usdMax !== null) ? chosen.reduce((n, r) => n + (r.estimate.usdMax ?? 0), 0) : null;
  const usd = usdMax === null ? 'no price on file for this model' : `at most $${usdMax.toFixed(2)}`;
  const running = sending.state === 'running';
  const progress = sending.progress;
  const toggle = (id: number, on: boolean) =>
    setLeft((was) => {
      const next = new Set(was);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="card consent" data-testid="consent" aria-label="Review before sending to Claude">
      <h3>What would leave this machine</h3>
      <p>
        One request per pattern to <code>{plan.url}</code>. Each carries only what is shown below: the pattern&apos;s counts, keywords and a few
        examples, scrubbed on this machine (<mark className="placeholder">marked</mark> parts replace names, paths and secrets), and the existing
        lessons that touch it. Untick a pattern to keep it here. Nothing is sent until you choose Send; every byte sent is kept in the Outbox.
      </p>
      {plan.refused.length > 0 && (
        <details>
          <summary>{plural(plan.refused.length, 'pattern')} stay on this machine (privacy rules)</summary>
          <ul className="small" data-testid="consent-refused">
            {plan.refused.map((r) => (
              <li key={r.clusterId}>
                <strong>{r.label}</strong>: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {!plan.hasKey && (
        <p className="error" role="alert">
          No Anthropic API key is set:{' '}
          <button type="button" className="link" data-testid="consent-settings" onClick={onSettings}>
            add one in Settings
          </button>{' '}
          to send, or write offline drafts instead.
        </p>
      )}
      <div className="consent-patterns">
        {plan.requests.map((r) => (
          <PatternCard key={r.clusterId} view={r.view} chosen={!left.has(r.clusterId)} onToggle={(on) => toggle(r.clusterId, on)} />
        ))}
      </div>
      <p className="row">
        <button type="button" aria-pressed={raw} data-testid="consent-raw" onClick={() => setRaw(!raw)}>
          {raw ? 'Hide the exact request bytes' : 'Show the exact request bytes'}
        </button>
      </p>
      <div hidden={!raw} data-testid="consent-raw-requests">
        {plan.requests.map((r, i) => (
          <details key={r.clusterId} open={raw} className="request">
            <summary>
              Request {i + 1}: {r.label} · {r.model} · ~{r.estimate.inputTokens} tokens{left.has(r.clusterId) ? ' · not sent (unticked)' : ''}
            </summary>
            <pre className="request-bytes" data-testid="request-bytes" data-cluster={r.clusterId} tabIndex={0}>
              {r.bytes}
            </pre>
          </details>
        ))}
      </div>
      <p>
        {plural(chosen.length, 'request')} of {plan.requests.length}: about {sum('inputTokens').toLocaleString('en')} input tokens, up to{' '}
        {sum('outputTokensMax').toLocaleString('en')} output tokens ({usd}).
      </p>
      {running && (
        <div className="progress" role="status" aria-live="polite" data-testid="send-progress">
          <progress max={progress?.total || chosen.length} value={progress?.done ?? 0} aria-label="Requests sent" />
          <span>
            {progress ? `${progress.done} of ${progress.total} sent` : 'Starting…'}
            {progress?.item ? ` · ${progress.item}` : ''}. Cancel stops before the next request; those already sent are kept.
          </span>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || running || !plan.hasKey || chosen.length === 0}
          onClick={() => onSend(chosen.map((r) => r.clusterId))}
        >
          {running ? 'Sending…' : `Send ${plural(chosen.length, 'request')}`}
        </button>
        {running ? (
          <button type="button" aria-label="Cancel sending" onClick={onStop}>
            Cancel
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </section>
  );
}
