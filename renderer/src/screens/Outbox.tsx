import { useEffect, useState } from 'react';
import type { OutboxEntry } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';
import { ErrorNote } from './common.js';

/** Everything that ever left this machine, byte for byte. */
export function Outbox({ api }: { api: ApiClient }) {
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listOutbox({}).then(setEntries, (e: Error) => setError(e.message));
  }, [api]);
  return (
    <div data-testid="outbox">
      <ErrorNote error={error} />
      {entries && entries.length === 0 && (
        <p className="empty">Nothing has ever left this machine. When you ask Claude to write lessons, every request is listed here exactly as sent.</p>
      )}
      {entries?.map((e) => (
        <details key={e.id} className="card">
          <summary>
            #{e.id} {e.createdAt.slice(0, 16).replace('T', ' ')} · POST {e.url} → {e.status ?? e.error}
          </summary>
          <h4>Request</h4>
          <pre>{e.request}</pre>
          <h4>Reply</h4>
          <pre>{e.response ?? e.error}</pre>
        </details>
      ))}
    </div>
  );
}
