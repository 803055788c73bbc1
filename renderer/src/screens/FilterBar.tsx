import { useEffect, useState } from 'react';
import { MOMENT_KINDS, type MomentKind } from '../../../shared/types.js';
import type { ApiClient } from '../api/client.js';

/*
 * The filters Patterns and Dreaming share: kind (Patterns only), project and a date window.
 * The selects keep their labels ("Kind", "Project", "From", "To"): tests and screen readers find
 * them by those.
 */

export interface FilterValues {
  /** '' is every kind, likewise '' for project and an open date. */
  kind: MomentKind | '';
  project: string;
  /** YYYY-MM-DD, from a date input. */
  from: string;
  to: string;
}

export const NO_FILTER: FilterValues = { kind: '', project: '', from: '', to: '' };

/** The filters that are set, as the API's parameters take them (an unset one is left out). */
export function filterParams(v: FilterValues): { kind?: MomentKind; project?: string; from?: string; to?: string } {
  return { ...(v.kind ? { kind: v.kind } : {}), ...(v.project ? { project: v.project } : {}), ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
}

/** The filter controls, as siblings to put in a `.toolbar` beside a screen's own controls. */
export function FilterBar({
  api,
  value,
  onChange,
  onError,
  withKind = false,
}: {
  api: ApiClient;
  value: FilterValues;
  onChange: (v: FilterValues) => void;
  /** Where the project list's load error goes; pass a stable function (a state setter), or the list reloads each render. */
  onError: (message: string) => void;
  withKind?: boolean;
}) {
  const [projects, setProjects] = useState<{ project: string; sessions: number }[]>([]);
  useEffect(() => {
    api.listProjects({}).then(setProjects, (e: Error) => onError(e.message));
  }, [api, onError]);
  const set = (patch: Partial<FilterValues>) => onChange({ ...value, ...patch });
  return (
    <>
      {withKind && (
        <label>
          Kind{' '}
          <select value={value.kind} onChange={(e) => set({ kind: e.target.value as MomentKind | '' })}>
            <option value="">all</option>
            {MOMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Project{' '}
        <select value={value.project} onChange={(e) => set({ project: e.target.value })}>
          <option value="">all</option>
          {projects.map((p) => (
            <option key={p.project} value={p.project}>
              {p.project} ({p.sessions})
            </option>
          ))}
        </select>
      </label>
      <label>
        From <input type="date" value={value.from} onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={value.to} onChange={(e) => set({ to: e.target.value })} />
      </label>
    </>
  );
}
