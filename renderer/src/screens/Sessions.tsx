import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { SessionDetail, SessionSummary } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { arrowKeys, ErrorNote, when } from './common.js';

const ROW_HEIGHT = 56;

/** Searchable, virtualised list of sessions beside a reader for the chosen one. */
export function Sessions({ api, openId, openMessage }: { api: ApiClient; openId?: number | null; openMessage?: number }) {
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(openId ?? null);
  const parent = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.listSessions({ search: search || undefined, limit: 100_000 }).then(
        (r) => live && (setRows(r), setError(null)),
        (e: Error) => live && setError(e.message),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, search]);
  useEffect(() => setSelected(openId ?? null), [openId]);

  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  return (
    <div className="split">
      <div className="pane list-pane">
        <input
          type="search"
          placeholder="Search messages…"
          aria-label="Search sessions"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <ErrorNote error={error} />
        <p className="muted">{rows.length} session(s)</p>
        <div ref={parent} className="scroller" data-testid="session-list" role="listbox" aria-label="Sessions (arrow keys move)" onKeyDown={arrowKeys}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const s = rows[item.index];
              return (
                <button
                  type="button"
                  key={s.id}
                  role="option"
                  data-nav
                  aria-selected={selected === s.id}
                  className={`row-item${selected === s.id ? ' selected' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={() => setSelected(s.id)}
                >
                  <span className="title">{s.title ?? s.externalId}</span>
                  <span className="muted small">
                    {s.format} · {when(s.startedAt)} · {s.messageCount} msgs {s.project ? `· ${s.project}` : ''}
                  </span>
                  {s.snippet && <span className="small snippet">{s.snippet}</span>}
                </button>
              );
            })}
          </div>
        </div>
      </div>
      <div className="pane">{selected !== null ? <SessionReader api={api} id={selected} focusMessage={selected === openId ? openMessage : undefined} /> : <p className="muted">Choose a session to read it.</p>}</div>
    </div>
  );
}

export function SessionReader({ api, id, focusMessage }: { api: ApiClient; id: number; focusMessage?: number }) {
  const [session, setSession] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getSession({ id }).then(
      (s) => live && (setSession(s), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id]);
  // Opened from a pattern: the moment's message is scrolled into view and marked.
  useEffect(() => {
    if (!session || focusMessage === undefined) return;
    const el = document.getElementById(`msg-${focusMessage}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [session, focusMessage]);
  if (error) return <ErrorNote error={error} />;
  if (!session) return <p className="muted">Loading…</p>;
  return (
    <article className="reader" data-testid="session-reader">
      <h2>{session.title ?? session.externalId}</h2>
      <p className="muted">
        {session.format} · {when(session.startedAt)} {session.project ? `· ${session.project}` : ''} {session.gitBranch ? `· ${session.gitBranch}` : ''}
      </p>
      {session.messages
        .filter((m) => m.onMainThread)
        .map((m) => (
          <div
            key={m.id}
            id={`msg-${m.id}`}
            tabIndex={m.id === focusMessage ? -1 : undefined}
            data-testid={m.id === focusMessage ? 'focused-message' : undefined}
            className={`msg ${m.role}${m.sidechain ? ' sidechain' : ''}${m.id === focusMessage ? ' focused' : ''}`}
          >
            <div className="role">{m.role}</div>
            {m.text && <pre className="text">{m.text}</pre>}
            {m.toolCalls.map((c, i) => (
              <pre key={`c${i}`} className="tool-call">
                → {c.name} {c.input.slice(0, 400)}
              </pre>
            ))}
            {m.toolResults.map((r, i) => (
              <pre key={`r${i}`} className={`tool-result${r.isError ? ' tool-error' : ''}`}>
                {r.isError ? '✗ ' : '← '}
                {r.output.slice(0, 800)}
              </pre>
            ))}
          </div>
        ))}
    </article>
  );
}
