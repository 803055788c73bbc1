import type { ApiClient } from '../api/client.js';
import { useJob, type JobView } from '../api/use-job.js';
import { ProgressBar } from './common.js';
import { WatchSuggestions } from './Dreaming.js';
import { ImportPanel, ImportSummaryView, type ImportNext } from './Import.js';

/** First run: what Reverie does, what never leaves the machine, and two ways to start. */
export function Welcome({
  api,
  onImported,
  beforeImport,
  analysing = false,
  empty,
  dropped,
  onDropTaken,
  onOpenDreaming,
  onNext,
}: {
  api: ApiClient;
  /** An import ended (with its last view). */
  onImported: (view: JobView) => void;
  /** Awaited before an import starts (it makes way for it: the store runs one job at a time). */
  beforeImport?: () => Promise<void>;
  /** An analysis is running (an import's next step then leads to it instead of starting one). */
  analysing?: boolean;
  empty: boolean;
  dropped?: { files: File[]; seq: number } | null;
  onDropTaken?: () => void;
  onOpenDreaming?: () => void;
  /** The call to action after an import. */
  onNext?: (to: ImportNext) => void;
}) {
  const sample = useJob(api, 'import', onImported);
  return (
    <div className="welcome">
      {empty && (
        <section className="hero">
          <h2>Let your agents learn from their past sessions</h2>
          <p>
            Reverie reads the logs of your AI agent and chat sessions, finds what keeps recurring — the agent&apos;s frequent
            mistakes, failing tool calls, tasks you ask for again and again, preferences you keep repeating — and turns each
            pattern into a short lesson for your agent&apos;s system prompt.
          </p>
          <h3>What never leaves this machine</h3>
          <ul>
            <li>Your sessions: they are stored in a local database on this computer.</li>
            <li>Embeddings and clustering: computed locally with a small on-device model.</li>
            <li>No telemetry. Lessons can be written entirely offline; asking Claude is optional, and you see every byte first.</li>
          </ul>
        </section>
      )}
      {/* Known agent folders on this machine, offered (never watched without a click). */}
      <WatchSuggestions api={api} onOpenDreaming={onOpenDreaming} />
      <section className="card">
        <h3>Try it with sample data</h3>
        <p className="muted">Generates synthetic agent sessions with recurring patterns and imports them.</p>
        <button type="button" className="primary" disabled={sample.view.state === 'running'} onClick={() =>
            void sample.follow(async () => {
              await beforeImport?.();
              return api.importSample({});
            })
          }>
          Try with sample data
        </button>
        {sample.view.state === 'running' && <ProgressBar progress={sample.view.progress} label="Importing sample data" />}
        {sample.view.state !== 'running' && <ImportSummaryView view={sample.view} onNext={onNext} analysing={analysing} />}
      </section>
      <section className="card">
        <h3>Import your own logs</h3>
        <ImportPanel api={api} onImported={onImported} beforeImport={beforeImport} dropped={dropped} onDropTaken={onDropTaken} onNext={onNext} analysing={analysing} />
      </section>
    </div>
  );
}
