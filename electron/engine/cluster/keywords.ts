/*
 * Cluster labels from distinctive keywords: class-based TF-IDF (as in BERTopic), where each
 * cluster is one class. A term scores high when many of the cluster's moments use it and few
 * moments elsewhere do. Counts are per moment (does it use the term at all), so one long error
 * output repeating a word cannot carry a cluster's label.
 */

// English function words and the filler of requests to an assistant. Code words (`npm`, `test`,
// `import`) are deliberately absent: they are what patterns in agent sessions are about.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
  from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
  his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no
  nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
  should shouldn't so some such than that that's the their theirs them themselves then there there's these they
  they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
  were weren't what what's when when's where where's which while who who's whom why why's will with won't would
  wouldn't you you'd you'll you're you've your yours yourself yourselves
  please thanks thank ok okay yes yeah hi hello hey just also really actually like want wanted need needs get got
  go going make made let lets sure well still even now already much many thing things way one two use using used
  instead again always never maybe something anything everything it's im dont doesnt didnt cant wont isnt ive youre
  would've could've should've`.split(/\s+/),
);

/**
 * Words and code identifiers as written: `ENOENT`, `npm`, `tsc`, `package.json`, `snake_case`,
 * `camelCase`, `pre-commit`. Numbers, single characters and stop words are dropped. Terms are
 * compared case-folded (see `termKey`); the form shown is the one written most often.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // An identifier may carry inner dots, dashes, slashes, apostrophes and underscores; it starts and ends on a word character.
  for (const match of text.matchAll(/[A-Za-z_][\w'.\-/]*\w|[A-Za-z]\w*/g)) {
    let token = match[0].replace(/'s$/i, '');
    // Long paths are specific to one place; keep their last segment, where the file name is.
    if (token.includes('/')) token = token.slice(token.lastIndexOf('/') + 1);
    const key = termKey(token);
    if (key.length < 2 || /^[\d_.\-/']+$/.test(key) || STOP_WORDS.has(key)) continue;
    out.push(token);
  }
  return out;
}

export const termKey = (token: string): string => token.toLowerCase();

export interface KeywordOptions {
  /** Keywords kept per cluster. */
  top: number;
  /** A keyword must appear in at least this many of the cluster's texts (when the cluster has that many). */
  minDocs: number;
}

export const DEFAULT_KEYWORD_OPTIONS: KeywordOptions = { top: 8, minDocs: 2 };

/**
 * Keywords per cluster, most distinctive first. `labels[i]` is the cluster of `texts[i]`
 * (-1 noise: counted as background, given no keywords). Result index = cluster id.
 */
export function clusterKeywords(
  texts: readonly string[],
  labels: readonly number[],
  count: number,
  options: Partial<KeywordOptions> = {},
): string[][] {
  const o = { ...DEFAULT_KEYWORD_OPTIONS, ...options };
  const perClass: Map<string, number>[] = Array.from({ length: count + 1 }, () => new Map());
  const classSize = new Array<number>(count + 1).fill(0);
  const overall = new Map<string, number>();
  // Per cluster, how often each written form of a term occurs: the label shows the usual one.
  const forms: Map<string, Map<string, number>>[] = Array.from({ length: count }, () => new Map());
  texts.forEach((text, i) => {
    // Noise is the extra class `count`: it shapes the background, never gets keywords.
    const c = labels[i] >= 0 ? labels[i] : count;
    classSize[c]++;
    const seen = new Set<string>();
    for (const token of tokenize(text)) {
      const key = termKey(token);
      if (c < count) {
        let f = forms[c].get(key);
        if (!f) forms[c].set(key, (f = new Map()));
        f.set(token, (f.get(token) ?? 0) + 1);
      }
      if (seen.has(key)) continue;
      seen.add(key);
      perClass[c].set(key, (perClass[c].get(key) ?? 0) + 1);
      overall.set(key, (overall.get(key) ?? 0) + 1);
    }
  });
  const classes = classSize.filter((s) => s > 0).length;
  const average = texts.length / Math.max(1, classes);
  const result: string[][] = [];
  for (let c = 0; c < count; c++) {
    const need = Math.min(o.minDocs, classSize[c]);
    const scored: [string, number][] = [];
    for (const [term, df] of perClass[c]) {
      if (df < need) continue;
      const tf = df / classSize[c];
      const idf = Math.log(1 + average / overall.get(term)!);
      scored.push([term, tf * idf]);
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    result.push(scored.slice(0, o.top).map(([key]) => usualForm(forms[c].get(key)!)));
  }
  return result;
}

/** The label shown for a cluster: its top three keywords. */
export function labelFromKeywords(keywords: readonly string[]): string {
  return keywords.length ? keywords.slice(0, 3).join(', ') : '(no keywords)';
}

/** The most frequent written form; ties go to the lower-case one, then alphabetical order. */
function usualForm(forms: Map<string, number>): string {
  const lower = (form: string): number => (form === form.toLowerCase() ? 1 : 0);
  const ranked = [...forms].sort((a, b) => b[1] - a[1] || lower(b[0]) - lower(a[0]) || (a[0] < b[0] ? -1 : 1));
  return ranked[0][0];
}
