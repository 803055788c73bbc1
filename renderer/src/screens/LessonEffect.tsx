import { useCallback, useRef, useState } from 'react';
import type { LessonEffectView } from '../../../shared/api.js';
import type { Lesson } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';

/*
 * The lesson card's two kinds of feedback, kept apart: what the sessions show since the
 * lesson was adopted (measured), and what the person says (the helpful / harmful counters).
 */

const rate = (r: number | null) => (r === null ? '–' : r.toFixed(2));
const VERDICT_CLASS: Record<LessonEffectView['verdict'], string> = {
  'fewer since adopted': 'fewer',
  'more since adopted': 'more',
  'no change yet': 'same',
  'too little data': 'unknown',
};

function side(w: LessonEffectView['before']): string {
  return `${rate(w.rate)} per session (${w.moments} in ${w.sessions} session${w.sessions === 1 ? '' : 's'})`;
}

/** The verdict in plain words with the rates either side of the adoption date. */
export function LessonEffectNote({ effect, lesson }: { effect: LessonEffectView | undefined; lesson: Lesson }) {
  if (lesson.status !== 'adopted') return null;
  if (!effect) {
    // Linked but not measured yet: the effects are still on their way.
    if (lesson.clusterId !== null) return null;
    return (
      <p className="verdict unknown small" data-testid="lesson-verdict">
        Not linked to a pattern, so its effect cannot be measured.
      </p>
    );
  }
  const days = Math.round(effect.windowDays);
  const p = effect.verdict === 'more since adopted' ? effect.pMore : effect.pFewer;
  const sentence = effect.verdict.charAt(0).toUpperCase() + effect.verdict.slice(1);
  return (
    <p className={`verdict ${VERDICT_CLASS[effect.verdict]} small`} data-testid="lesson-verdict" data-verdict={effect.verdict}>
      <strong>{sentence}.</strong>{' '}
      {effect.windowDays >= 1 ? (
        <>
          Over {days} day{days === 1 ? '' : 's'} either side of adoption ({effect.adoptedAt.slice(0, 10)}): before {side(effect.before)}, after{' '}
          {side(effect.after)}
          {effect.verdict === 'too little data' ? '.' : `; p = ${p.toPrecision(2)}.`}
        </>
      ) : (
        <>
          Adopted {effect.adoptedAt.slice(0, 10)}: less than a day of sessions either side so far ({effect.after.sessions} since).
        </>
      )}
    </p>
  );
}

/** "Helpful" and "harmful" buttons with their counts; each press counts one. */
export function LessonCounters({ lesson, onBump }: { lesson: Lesson; onBump: (counter: 'helpful' | 'harmful') => void }) {
  return (
    <span className="counters" role="group" aria-label="Was this lesson helpful?">
      <button type="button" data-testid="lesson-helpful" aria-label={`Helpful (${lesson.helpful} so far)`} onClick={() => onBump('helpful')}>
        Helpful <span className="count">{lesson.helpful}</span>
      </button>
      <button type="button" data-testid="lesson-harmful" aria-label={`Harmful (${lesson.harmful} so far)`} onClick={() => onBump('harmful')}>
        Harmful <span className="count">{lesson.harmful}</span>
      </button>
    </span>
  );
}

/** The measured effects of the adopted lessons by lesson id; `reload` after anything that may change them. */
export function useLessonEffects(api: ApiClient, onError: (message: string) => void) {
  const [effects, setEffects] = useState<Map<number, LessonEffectView>>(new Map());
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const reload = useCallback(() => {
    api.lessonEffects({}).then(
      (list) => setEffects(new Map(list.map((e) => [e.lessonId, e]))),
      (e: Error) => onErrorRef.current(e.message),
    );
  }, [api]);
  return { effects, reload };
}
