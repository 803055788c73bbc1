import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SessionDetail, SessionSummary } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { formatLabel, plural } from '../../../shared/words.js';
import { ErrorNote, when } from './common.js';
import { DeleteButton } from './DeleteData.js';

/** Row heights (px): title and facts on one line each, plus the snippet line in search results (styles.css .row-item). */
const ROW_HEIGHT = 60;
const HIT_ROW_HEIGHT = 82;

/** The snippet marks the API puts around matched words (handlers.ts listSessions). */
const MARK = new RegExp(`${String.fromCharCode(2)}([^${String.fromCharCode(3)}]*)${String.fromCharCode(3)}`, 'g');

/** A snippet with its matched words marked. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(MARK);
  return (
    <span className="small snippet" data-testid="search-snippet">
      {parts.map((p, i) => (i % 2 ? <mark key={i}>{p}</mark> : <Fragment key={i}>{p}</Fragment>))}
    </span>
  );
}

/** The words of a search, as the full-text index splits them. */
function searchWords(search: string | undefined): string[] {
  return search?.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** `text` with every whole-word occurrence of `words` marked (case-insensitive), for the reader. */
function highlight(text: string, words: readonly string[]): ReactNode {
  if (words.length === 0 || !text) return text;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  const parts = text.split(re);
  return parts.map((p, i) => (i % 2 ? <mark key={i} data-testid="search-match">{p}</mark> : <Fragment key={i}>{p}</Fragment>));
}

/** Searchable, virtualised list of sessions beside a reader for the chosen one. */
export function Sessions({
  api,
  openId,
  openMessage,
  search = '',
  onSearch,
  onOpen,
  onChanged,
  onDeleted,
}: {
  api: ApiClient;
  openId?: number | null;
  openMessage?: number;
  /** The search (kept in the URL by the app). */
  search?: string;
  onSearch?: (search: string) => void;
  /** A session chosen in the list: with a search, its best hit to scroll to. */
  onOpen?: (id: number, message?: number) => void;
  onChanged?: () => void;
  onDeleted?: () => void;
}) {
  const [typed, setTyped] = useState(search);
  const [rows, setRows] = useState<SessionSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const parent = useRef<HTMLDivElement>(null);
  const searching = search.trim() !== '';

  // Typing waits a moment before it searches (and before the URL follows).
  useEffect(() => {
    if (typed === search) return;
    const t = setTimeout(() => onSearch?.(typed), 150);
    return () => clearTimeout(t);
  }, [typed, search, onSearch]);
  useEffect(() => setTyped(search), [search]);

  useEffect(() => {
    let live = true;
    api.listSessions({ search: search || undefined, limit: 100_000 }).then(
      (r) => live && (setRows(r), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, search, reload]);

  const rowHeight = searching ? HIT_ROW_HEIGHT : ROW_HEIGHT;
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => rowHeight, overscan: 8 });
  useEffect(() => virtual.measure(), [rowHeight, virtual]);
  const samples = useMemo(() => rows.filter((r) => r.sample).length, [rows]);

  // Roving tabindex: the list is one Tab stop, its active row (the open session, else the first);
  // arrow keys move the active row, Enter opens it and moves focus into the reader.
  const openIndex = useMemo(() => rows.findIndex((r) => r.id === openId), [rows, openId]);
  const [active, setActive] = useState(0);
  useEffect(() => setActive(openIndex >= 0 ? openIndex : 0), [openIndex, rows]);
  const focusActive = useRef(false);
  const [readerFocus, setReaderFocus] = useState(0);
  const items = virtual.getVirtualItems();
  const activeShown = items.some((i) => i.index === active);
  useEffect(() => {
    if (!focusActive.current) return;
    const el = parent.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (!el) return;
    focusActive.current = false;
    el.focus();
  });
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    focusActive.current = true;
    setActive(next);
    virtual.scrollToIndex(next);
  };
  const onListKey = (e: KeyboardEvent<HTMLElement>) => {
    const page = Math.max(1, Math.floor((parent.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const step: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: rows.length - 1 };
    if (e.key in step && rows.length > 0) {
      e.preventDefault();
      moveTo(step[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && rows[active]) {
      e.preventDefault();
      onOpen?.(rows[active].id, rows[active].hitMessageId);
      setReaderFocus((n) => n + 1);
    }
  };

  return (
    <div className="split">
      <div className="pane list-pane">
        <input type="search" placeholder="Search messages and tool output…" aria-label="Search sessions" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <ErrorNote error={error} />
        <p className="muted">
          {plural(rows.length, 'session')}
          {samples > 0 && !searching ? ` · ${samples} from the sample data` : ''}
        </p>
        <div
          ref={parent}
          className="scroller"
          data-testid="session-list"
          role="listbox"
          aria-label="Sessions (arrow keys move, Enter opens)"
          // When the active row is scrolled out of the rendered window, the list itself keeps the Tab stop.
          tabIndex={activeShown || rows.length === 0 ? -1 : 0}
          onFocus={(e) => e.target === e.currentTarget && rows.length > 0 && moveTo(active)}
          onKeyDown={onListKey}
        >
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const s = rows[item.index];
              return (
                <button
                  type="button"
                  key={s.id}
                  role="option"
                  data-index={item.index}
                  tabIndex={item.index === active ? 0 : -1}
                  aria-selected={openId === s.id}
                  className={`row-item${openId === s.id ? ' selected' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    setActive(item.index);
                    onOpen?.(s.id, s.hitMessageId);
                  }}
                >
                  <span className="title" data-testid="session-title" title={s.title ?? undefined}>
                    {s.title ?? '(untitled)'}
                  </span>
                  <span className="muted small facts">
                    {s.sample && <span className="badge sample">sample</span>} {formatLabel(s.format)} · {when(s.startedAt)} · {plural(s.messageCount, 'message')} {s.project ? `· ${s.project}` : ''}
                  </span>
                  {s.snippet !== undefined && <Snippet text={s.snippet} />}
                </button>
              );
            })}
          </div>
        </div>
      </div>
      <div className="pane">
        {openId ? (
          <SessionReader
            api={api}
            id={openId}
            focusMessage={openMessage}
            focusRequest={readerFocus}
            marks={searchWords(search)}
            onDeleted={() => {
              setReload((n) => n + 1);
              onChanged?.();
              onDeleted?.();
            }}
          />
        ) : (
          <p className="muted">Choose a session to read it.</p>
        )}
      </div>
    </div>
  );
}

export function SessionReader({
  api,
  id,
  focusMessage,
  focusRequest = 0,
  marks = [],
  onDeleted,
}: {
  api: ApiClient;
  id: number;
  focusMessage?: number;
  /** Raised when the person opens a session from the keyboard: focus moves into the reader once it is shown. */
  focusRequest?: number;
  /** Words of the search that opened it: marked wherever they occur. */
  marks?: readonly string[];
  onDeleted?: () => void;
}) {
  const [session, setSession] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSession(null);
    api.getSession({ id }).then(
      (s) => live && (setSession(s), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id]);
  // Opened from a pattern or a search hit: the message is scrolled into view and marked; a search's
  // first marked word in it is brought into view.
  useEffect(() => {
    if (!session || focusMessage === undefined) return;
    const el = document.getElementById(`msg-${focusMessage}`);
    const mark = el?.querySelector('mark');
    (mark ?? el)?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [session, focusMessage]);
  // Opened with Enter: focus goes to the reader (its focused message, else its title), not back to the list.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!session || focusRequest === 0) return;
    const target = focusMessage !== undefined ? document.getElementById(`msg-${focusMessage}`) : null;
    (target ?? heading.current)?.focus({ preventScroll: target !== null });
  }, [session, focusRequest, focusMessage]);
  if (error) return <ErrorNote error={error} />;
  if (!session) return <p className="muted">Loading…</p>;
  const mark = (text: string) => highlight(text, marks);
  return (
    <article className="reader" data-testid="session-reader">
      <header className="reader-head">
        <h2 data-testid="reader-title" tabIndex={-1} ref={heading}>{session.title ?? '(untitled)'}</h2>
        <DeleteButton api={api} target={{ session: session.id }} label="Delete this session" onDeleted={onDeleted} />
      </header>
      <p className="muted">
        {session.sample && <span className="badge sample">sample</span>} {formatLabel(session.format)} · {when(session.startedAt)} {session.project ? `· ${session.project}` : ''}{' '}
        {session.gitBranch ? `· ${session.gitBranch}` : ''}
      </p>
      {session.messages
        .filter((m) => m.onMainThread || m.id === focusMessage)
        .map((m) => {
          const focused = m.id === focusMessage;
          // The focused message shows its tool traffic whole, so the match is there to see.
          const cut = (text: string, n: number) => (focused ? text : text.slice(0, n));
          return (
            <div
              key={m.id}
              id={`msg-${m.id}`}
              tabIndex={focused ? -1 : undefined}
              data-testid={focused ? 'focused-message' : undefined}
              className={`msg ${m.role}${m.sidechain ? ' sidechain' : ''}${focused ? ' focused' : ''}`}
            >
              <div className="role">{m.role}</div>
              {m.text && <pre className="text">{mark(m.text)}</pre>}
              {m.toolCalls.map((c, i) => (
                <pre key={`c${i}`} className="tool-call">
                  → {mark(`${c.name} ${cut(c.input, 400)}`)}
                </pre>
              ))}
              {m.toolResults.map((r, i) => (
                <pre key={`r${i}`} className={`tool-result${r.isError ? ' tool-error' : ''}`}>
                  {r.isError ? '✗ ' : '← '}
                  {mark(cut(r.output, 800))}
                </pre>
              ))}
            </div>
          );
        })}
    </article>
  );
}
