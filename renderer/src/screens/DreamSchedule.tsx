import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiSettings, DreamScheduleView } from '../../../shared/api.js';
import type { ApiClient } from '../api/client.js';
import { ActionNote, ErrorNote, useActionNotes } from './common.js';

type Schedule = ApiSettings['dreamSchedule'];

/** A time as this machine shows it: "today 03:00", "tomorrow 03:00", else the date and time. */
export function whenLocal(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(at) - day(now)) / 86_400_000);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `${at.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} at ${time}`;
}

/** The schedule in words, as the person set it. */
export function scheduleWords(s: Pick<DreamScheduleView, 'schedule' | 'at'>): string {
  if (s.schedule === 'off') return 'Dreaming on its own is off: runs happen only when you choose Dream now.';
  if (s.schedule === 'hourly') return `Dreams every hour at ${s.at.slice(3)} minutes past.`;
  return `Dreams every night at ${s.at}.`;
}

/**
 * The dream schedule, shown and editable: nightly at a time, hourly at a minute, or off; and when
 * the next run starts. Saved into the settings the app's scheduler reads.
 */
export function DreamSchedule({ api, version }: { api: ApiClient; version?: number }) {
  const [view, setView] = useState<DreamScheduleView | null>(null);
  const [schedule, setSchedule] = useState<Schedule>('nightly');
  const [at, setAt] = useState('03:00');
  const [error, setError] = useState<string | null>(null);
  const { notes, say } = useActionNotes();
  const load = useCallback(
    () =>
      api.dreamSchedule({}).then(
        (v) => {
          setView(v);
          setSchedule(v.schedule);
          setAt(v.at);
          return v;
        },
        (e: Error) => {
          setError(e.message);
          return null;
        },
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load, version]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.saveSettings({ dreamSchedule: schedule, dreamAt: at });
      const v = await load();
      say('schedule', v?.nextRunAt ? `Saved: the next run is ${whenLocal(v.nextRunAt)}.` : 'Saved: no runs on a schedule.');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const minute = at.slice(3);
  const changed = view !== null && (view.schedule !== schedule || view.at !== at);
  return (
    <section className="card" aria-labelledby="schedule-heading" data-testid="dream-schedule">
      <h3 id="schedule-heading">Schedule</h3>
      {view && (
        <p data-testid="schedule-now">
          {scheduleWords(view)}{' '}
          {view.nextRunAt && (
            <strong data-testid="next-dream">
              {view.due ? 'A run was missed while Reverie was closed or asleep: it starts now.' : `Next run ${whenLocal(view.nextRunAt)}.`}
            </strong>
          )}
        </p>
      )}
      <form className="row" onSubmit={(e) => void save(e)}>
        <label>
          Dream{' '}
          <select value={schedule} onChange={(e) => setSchedule(e.target.value as Schedule)} data-testid="schedule-select">
            <option value="nightly">every night</option>
            <option value="hourly">every hour</option>
            <option value="off">only when I choose Dream now</option>
          </select>
        </label>
        {schedule === 'nightly' && (
          <label>
            at <input type="time" required value={at} onChange={(e) => setAt(e.target.value)} data-testid="schedule-time" />
          </label>
        )}
        {schedule === 'hourly' && (
          <label>
            at minute{' '}
            <input
              type="number"
              min={0}
              max={59}
              required
              value={Number(minute)}
              onChange={(e) => setAt(`${at.slice(0, 2)}:${String(Math.max(0, Math.min(59, Number(e.target.value) || 0))).padStart(2, '0')}`)}
              data-testid="schedule-minute"
            />
          </label>
        )}
        <button type="submit" className={changed ? 'primary' : undefined} data-testid="schedule-save">
          Save schedule
        </button>
        <ActionNote note={notes.schedule} />
      </form>
      <p className="muted small">Runs only while Reverie is open; a time missed while it was closed or the computer slept runs once when it is next open.</p>
      <ErrorNote error={error} />
    </section>
  );
}
