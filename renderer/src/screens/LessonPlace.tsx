import { useCallback, useRef, useState } from 'react';
import type { LessonPlaceView } from '../../../shared/api-scope.js';
import { formatTokens, formatUsd } from '../../../shared/cost-format.js';
import type { ApiClient } from '../api/client.js';

/*
 * A lesson card's place: its scope (one project, or every project of the person), the rule
 * already written that says the same (then it is not exported again), whether the agent
 * follows it, the hook that would enforce it (its change to settings.json shown first, written
 * only on the click), and what its pattern has cost.
 */

const base = (file: string, root: string | null) => (root && file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file);

export function LessonPlaceNote({ place, api, onDone }: { place: LessonPlaceView | undefined; api: ApiClient; onDone: (note: string) => void }) {
  const [preview, setPreview] = useState<{ file: string; after: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!place) return null;
  const e = place.enforcement;
  const show = async () => {
    try {
      const plan = await api.enforceLesson({ id: place.lessonId, dryRun: true });
      setPreview({ file: plan.settingsFile, after: plan.after });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const install = async () => {
    try {
      const done = await api.enforceLesson({ id: place.lessonId });
      setPreview(null);
      onDone(`A hook in ${done.settingsFile} now blocks \`${done.command}\``);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const cost = place.cost;
  return (
    <div className="lesson-place small" data-testid="lesson-place" data-scope={place.scope}>
      <p>
        <span className={`badge scope-${place.scope}`} data-testid="lesson-scope">
          {place.scope === 'project' ? `project ${place.root?.split('/').pop()}` : 'all projects'}
        </span>{' '}
        <span className="muted">{place.scope === 'project' ? place.root : 'seen in several projects: for ~/.claude/CLAUDE.md or a prompt'}</span>
      </p>
      {place.existing && (
        <p className="existing-rule" data-testid="lesson-existing">
          Already written in <code>{base(place.existing.file, place.root)}:{place.existing.line}</code> (“{place.existing.text}”, since{' '}
          {place.existing.writtenAt.slice(0, 10)}): not exported again.
        </p>
      )}
      {place.notFollowed && (
        <p className="verdict more" data-testid="lesson-not-followed">
          <strong>Written but not followed:</strong> {place.notFollowed.moments} time{place.notFollowed.moments === 1 ? '' : 's'} in{' '}
          {place.notFollowed.sessions} session{place.notFollowed.sessions === 1 ? '' : 's'} since, last {place.notFollowed.lastSeen.slice(0, 10)}.
        </p>
      )}
      {e && e.installed && (
        <p data-testid="lesson-enforced">
          Enforced: a hook in <code>{e.settingsFile}</code> blocks <code>{e.command}</code>.
        </p>
      )}
      {e && !e.installed && !preview && (
        <p>
          <button type="button" data-testid="enforce-show" onClick={() => void show()}>
            Block <code>{e.command}</code> with a hook…
          </button>
        </p>
      )}
      {preview && (
        <div className="enforce-preview" data-testid="enforce-preview">
          <p>
            <code>{preview.file}</code> would become:
          </p>
          <pre tabIndex={0}>{preview.after}</pre>
          <div className="row">
            <button type="button" className="primary" data-testid="enforce-install" onClick={() => void install()}>
              Install the hook
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {cost && cost.turnsWithUsage > 0 && (
        <p className="muted" data-testid="lesson-cost">
          Cost so far: {formatTokens(cost.totalTokens)} tokens, {formatUsd(cost.usd)}
          {cost.unpricedTokens > 0 ? ` (+ ${formatTokens(cost.unpricedTokens)} of models without a price)` : ''} over {cost.turnsWithUsage} agent turns
          {cost.byModel.length > 0 ? ` (${cost.byModel.map((m) => m.model ?? 'unknown model').join(', ')})` : ''}.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Every lesson's place by lesson id; `reload` after anything that may change them. */
export function useLessonPlaces(api: ApiClient, onError: (message: string) => void) {
  const [places, setPlaces] = useState<Map<number, LessonPlaceView>>(new Map());
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const reload = useCallback(() => {
    api.lessonPlaces({}).then(
      (r) => setPlaces(new Map(r.lessons.map((p) => [p.lessonId, p]))),
      (e: Error) => onErrorRef.current(e.message),
    );
  }, [api]);
  return { places, reload };
}
