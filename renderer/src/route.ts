import { useCallback, useEffect, useState } from 'react';

/*
 * The screen and what is chosen on it live in the URL's hash (`#/sessions/12?q=deploy&m=345`):
 * Back and Forward move between screens and selections, a reload keeps them, and it works the same
 * in the desktop window (a file:// page) and in browser mode (the server only ever sees `/`).
 */

export const SCREENS = [
  ['import', 'Import'],
  ['sessions', 'Sessions'],
  ['patterns', 'Patterns'],
  ['lessons', 'Lessons'],
  ['dreaming', 'Dreaming'],
  ['connect', 'Connect'],
  ['outbox', 'Outbox'],
  ['settings', 'Settings'],
] as const;
export type Screen = (typeof SCREENS)[number][0];

export interface Route {
  screen: Screen;
  /** The chosen session, cluster or lesson. */
  id?: number;
  /** Sessions: the search. */
  q?: string;
  /** Sessions: the message to scroll to and mark. */
  m?: number;
}

const isScreen = (s: string): s is Screen => SCREENS.some(([id]) => id === s);
const positive = (s: string | null | undefined): number | undefined => {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The route a hash names; anything unknown is the import screen. */
export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [screen, id] = path.split('/');
  if (!isScreen(screen)) return { screen: 'import' };
  const params = new URLSearchParams(query);
  const route: Route = { screen };
  const n = positive(id);
  if (n !== undefined) route.id = n;
  const q = params.get('q');
  if (q) route.q = q;
  const m = positive(params.get('m'));
  if (m !== undefined) route.m = m;
  return route;
}

export function routeHash(r: Route): string {
  const params = new URLSearchParams();
  if (r.q) params.set('q', r.q);
  if (r.m !== undefined) params.set('m', String(r.m));
  const query = params.toString();
  return `#/${r.screen}${r.id !== undefined ? `/${r.id}` : ''}${query ? `?${query}` : ''}`;
}

/**
 * The current route and a way to go elsewhere: a new history entry (Back returns), or with
 * `replace` the same entry rewritten (typing a search does not fill the history).
 */
export function useRoute(): [Route, (next: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  const go = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = routeHash(next);
    if (hash === window.location.hash) return;
    if (options.replace) {
      window.history.replaceState(window.history.state, '', hash);
      setRoute(parseHash(hash));
    } else {
      window.location.hash = hash; // a hashchange event follows, which sets the route
    }
  }, []);
  return [route, go];
}
