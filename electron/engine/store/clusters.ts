import { MAP_DECIMALS, MOMENT_KINDS, type ClusterDetail, type ClusterMember, type ClusterSummary, type MapColumns, type MapPoint, type MomentKind } from '../../../shared/types.js';
import { blobToVector } from '../base/vectors.js';
import type { Db } from './db.js';
import { toMoment, type MomentRow } from './moment-rows.js';

/** A cluster as the analysis computed it, ready to store. */
export interface ClusterRecord extends Omit<ClusterSummary, 'id'> {
  /** Every member with its similarity to the centre. */
  members: { momentId: number; score: number }[];
  /** Moments per kind (a pattern spans kinds; `kind` is the most common). */
  kinds?: Partial<Record<MomentKind, number>>;
}

/** A pattern's variant: one of the fine clusters found per kind, kept for drill-down. */
export interface VariantRecord {
  kind: MomentKind;
  label: string;
  keywords: string[];
  momentIds: number[];
}

interface ClusterRow {
  id: number;
  kind: MomentKind;
  label: string;
  keywords: string;
  size: number;
  sessions: number;
  projects: number;
  first_seen: string | null;
  last_seen: string | null;
  weekly: string;
  /** The name Claude gave the pattern (migration 11), shown instead of the local one. */
  claude_name?: string | null;
}

function toSummary(r: ClusterRow): ClusterSummary {
  return {
    id: r.id,
    kind: r.kind,
    label: r.claude_name || r.label,
    ...(r.claude_name ? { namedBy: 'claude' as const } : {}),
    keywords: JSON.parse(r.keywords) as string[],
    size: r.size,
    sessions: r.sessions,
    projects: r.projects,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    weekly: JSON.parse(r.weekly) as ClusterSummary['weekly'],
  };
}

/** Share of members two clusters have in common (Jaccard). */
function overlap(a: Set<number>, b: number[]): number {
  let both = 0;
  for (const id of b) if (a.has(id)) both++;
  return both / (a.size + b.length - both || 1);
}

/** A cluster's summary columns as the INSERT and UPDATE statements bind them. */
function clusterParams(c: ClusterRecord, runId: number | null) {
  return {
    runId,
    label: c.label,
    keywords: JSON.stringify(c.keywords),
    size: c.size,
    sessions: c.sessions,
    projects: c.projects,
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
    weekly: JSON.stringify(c.weekly),
    kinds: c.kinds ? JSON.stringify(c.kinds) : null,
  };
}

/** The cluster writes of a full re-clustering and an incremental update; call inside a transaction. */
function clusterWrites(db: Db) {
  const insert = db.prepare(
    `INSERT INTO clusters (run_id, model, kind, label, keywords, size, sessions, projects, first_seen, last_seen, weekly, kinds)
     VALUES (@runId, @model, @kind, @label, @keywords, @size, @sessions, @projects, @firstSeen, @lastSeen, @weekly, @kinds)`,
  );
  const update = db.prepare(
    `UPDATE clusters SET run_id = @runId, kind = coalesce(@kind, kind), label = @label, keywords = @keywords, size = @size, sessions = @sessions,
       projects = @projects, first_seen = @firstSeen, last_seen = @lastSeen, weekly = @weekly, kinds = coalesce(@kinds, kinds) WHERE id = @id`,
  );
  const clearMembers = db.prepare('DELETE FROM cluster_members WHERE cluster_id = ?');
  const addMember = db.prepare('INSERT INTO cluster_members (cluster_id, moment_id, score) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM clusters WHERE id = ?');
  const addMembers = (id: number, members: ClusterRecord['members']) => {
    for (const m of members) addMember.run(id, m.momentId, m.score);
  };
  return {
    remove: (id: number) => void remove.run(id),
    /** Stores `c` as a new cluster with its members; returns its id. */
    insert: (model: string, kind: MomentKind, c: ClusterRecord, runId: number | null): number => {
      const id = Number(insert.run({ ...clusterParams(c, runId), model, kind }).lastInsertRowid);
      addMembers(id, c.members);
      return id;
    },
    /** Overwrites cluster `id` (keeping its id, model and kind) with `c`'s summary and members. */
    rewrite: (id: number, c: ClusterRecord, runId: number | null) => {
      update.run({ ...clusterParams(c, runId), kind: c.kind ?? null, id });
      clearMembers.run(id);
      addMembers(id, c.members);
    },
  };
}

/**
 * Replaces the clusters of one (model, kind) with a new clustering in one transaction.
 * Identities are kept: a new cluster that shares enough members with an old one takes over
 * its id, so lessons and links made against it stay attached. Returns the stored ids in
 * the order of `clusters`.
 */
export function replaceClusters(
  db: Db,
  model: string,
  kind: MomentKind | null,
  clusters: ClusterRecord[],
  runId: number | null,
  minOverlap = 0.3,
): number[] {
  const old = db
    .prepare<[string, string | null, string | null], { id: number }>('SELECT id FROM clusters WHERE model = ? AND (? IS NULL OR kind = ?)')
    .all(model, kind, kind)
    .map(({ id }) => ({
      id,
      members: new Set(
        db
          .prepare<[number], { moment_id: number }>('SELECT moment_id FROM cluster_members WHERE cluster_id = ?')
          .all(id)
          .map((r) => r.moment_id),
      ),
    }));
  // Greedy matching, best overlaps first, each old cluster used once.
  const pairs: { n: number; o: number; score: number }[] = [];
  clusters.forEach((c, n) => {
    const ids = c.members.map((m) => m.momentId);
    old.forEach((o, oi) => {
      const score = overlap(o.members, ids);
      if (score >= minOverlap) pairs.push({ n, o: oi, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score);
  const takenOld = new Set<number>();
  const matched = new Map<number, number>();
  for (const p of pairs) {
    if (matched.has(p.n) || takenOld.has(p.o)) continue;
    matched.set(p.n, old[p.o].id);
    takenOld.add(p.o);
  }

  const writes = clusterWrites(db);
  return db.transaction(() => {
    old.forEach((o, oi) => {
      if (!takenOld.has(oi)) writes.remove(o.id);
    });
    return clusters.map((c, n) => {
      const id = matched.get(n);
      if (id === undefined) return writes.insert(model, kind ?? c.kind, c, runId);
      writes.rewrite(id, c, runId);
      return id;
    });
  }).immediate();
}

/**
 * Replaces every pattern of a model (all kinds: a pattern spans kinds), keeping identities by
 * membership as replaceClusters does, and stores each pattern's variants. Returns the stored ids.
 */
export function replacePatterns(db: Db, model: string, patterns: ClusterRecord[], variants: (VariantRecord & { pattern: number })[], runId: number | null): number[] {
  return db.transaction(() => {
    const ids = replaceClusters(db, model, null, patterns, runId);
    db.prepare('DELETE FROM variants WHERE cluster_id IN (SELECT id FROM clusters WHERE model = ?)').run(model);
    const insert = db.prepare('INSERT INTO variants (cluster_id, kind, label, keywords, size) VALUES (?, ?, ?, ?, ?)');
    const member = db.prepare('INSERT INTO variant_members (variant_id, moment_id, cluster_id) VALUES (?, ?, ?)');
    for (const v of variants) {
      const clusterId = ids[v.pattern]!;
      const id = Number(insert.run(clusterId, v.kind, v.label, JSON.stringify(v.keywords), v.momentIds.length).lastInsertRowid);
      for (const m of v.momentIds) member.run(id, m, clusterId);
    }
    return ids;
  }).immediate();
}

export interface PatternFacts {
  /** Moments per kind. */
  kinds: Partial<Record<MomentKind, number>>;
  /** The variants (fine clusters) it is made of, largest first. */
  variants: { id: number; kind: MomentKind; label: string; keywords: string[]; size: number }[];
}

/** The kinds and variants of patterns, by pattern id. */
export function patternFacts(db: Db, ids: readonly number[]): Map<number, PatternFacts> {
  const out = new Map<number, PatternFacts>();
  const kinds = db.prepare<[string], { id: number; kinds: string | null; kind: MomentKind; size: number }>(
    'SELECT id, kinds, kind, size FROM clusters WHERE id IN (SELECT value FROM json_each(?))',
  );
  for (const r of kinds.all(JSON.stringify(ids))) {
    out.set(r.id, { kinds: r.kinds ? (JSON.parse(r.kinds) as PatternFacts['kinds']) : { [r.kind]: r.size }, variants: [] });
  }
  const variants = db.prepare<[string], { id: number; cluster_id: number; kind: MomentKind; label: string; keywords: string; size: number }>(
    'SELECT id, cluster_id, kind, label, keywords, size FROM variants WHERE cluster_id IN (SELECT value FROM json_each(?)) ORDER BY size DESC, id',
  );
  for (const v of variants.all(JSON.stringify(ids))) {
    out.get(v.cluster_id)?.variants.push({ id: v.id, kind: v.kind, label: v.label, keywords: JSON.parse(v.keywords) as string[], size: v.size });
  }
  return out;
}

/** The variant (of one model's patterns) a moment belongs to, for the map's hover note; null when none holds it. */
export function momentVariant(db: Db, model: string, momentId: number): { id: number; label: string } | null {
  return (
    db
      .prepare<[number, string], { id: number; label: string }>(
        `SELECT v.id, v.label FROM variant_members vm JOIN variants v ON v.id = vm.variant_id JOIN clusters c ON c.id = vm.cluster_id
         WHERE vm.moment_id = ? AND c.model = ? LIMIT 1`,
      )
      .get(momentId, model) ?? null
  );
}

/** The moment ids of one variant, in id order (none for an unknown variant). */
export function variantMomentIds(db: Db, variantId: number): number[] {
  return db.prepare<[number], unknown>('SELECT moment_id FROM variant_members WHERE variant_id = ? ORDER BY moment_id').pluck().all(variantId) as number[];
}

/** Where each moment sits in its session: the session and its message's position (for what answers what). */
export function momentPlaces(db: Db): Map<number, { sessionId: number; seq: number }> {
  return new Map(
    db
      .prepare<[], { id: number; sessionId: number; seq: number }>(
        'SELECT mo.id, mo.session_id AS sessionId, m.seq FROM moments mo JOIN messages m ON m.id = mo.message_id',
      )
      .all()
      .map((r) => [r.id, { sessionId: r.sessionId, seq: r.seq }]),
  );
}

export type ClusterSort = 'size' | 'recent' | 'sessions';

/**
 * Which clusters to list: of one kind, and/or with at least one member moment in a project and
 * date range (whole days, inclusive; a moment without a time never matches a date filter).
 */
export interface ClusterFilter {
  kind?: MomentKind;
  project?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
}

/** The day after a YYYY-MM-DD date, so `to` includes the whole day. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The SQL condition on `mo` (moments) joined with `s` (sessions) for a filter, and its arguments. */
export function momentConditions(filter: ClusterFilter): { sql: string; args: (string | null)[] } {
  const to = filter.to ? dayAfter(filter.to) : null;
  return {
    sql: `(? IS NULL OR mo.kind = ?) AND (? IS NULL OR s.project = ?) AND (? IS NULL OR mo.at >= ?) AND (? IS NULL OR mo.at < ?)`,
    args: [filter.kind ?? null, filter.kind ?? null, filter.project ?? null, filter.project ?? null, filter.from ?? null, filter.from ?? null, to, to],
  };
}

/** Project or dates asked for: a cluster then matches through its members (kind alone is a column of the cluster). */
export const filtersMembers = (f: ClusterFilter): boolean => f.project !== undefined || f.from !== undefined || f.to !== undefined;

/** The WHERE clause (on `c`, the clusters) of a filter for one model, and its arguments. */
function clusterWhere(model: string, filter: ClusterFilter): { sql: string; args: (string | null)[] } {
  let sql = 'c.model = ? AND (? IS NULL OR c.kind = ?)';
  const args: (string | null)[] = [model, filter.kind ?? null, filter.kind ?? null];
  if (filtersMembers(filter)) {
    const m = momentConditions(filter);
    sql += ` AND EXISTS (SELECT 1 FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id
                         JOIN sessions s ON s.id = mo.session_id WHERE cm.cluster_id = c.id AND ${m.sql})`;
    args.push(...m.args);
  }
  return { sql, args };
}

/**
 * The clusters of one model that match `filter`, sorted, filtered and paged in SQL. Without a
 * `limit` every match is returned: callers that act on "all clusters" (counts, lesson writing)
 * must never see a silently cut list.
 */
export function listClusters(
  db: Db,
  model: string,
  options: ClusterFilter & { sort?: ClusterSort; limit?: number; offset?: number } = {},
): ClusterSummary[] {
  const order =
    options.sort === 'recent' ? 'c.last_seen DESC' : options.sort === 'sessions' ? 'c.sessions DESC, c.size DESC' : 'c.size DESC, c.sessions DESC';
  const { sql, args } = clusterWhere(model, options);
  const rows = db
    .prepare<(string | number | null)[], ClusterRow>(`SELECT c.* FROM clusters c WHERE ${sql} ORDER BY ${order}, c.id LIMIT ? OFFSET ?`)
    .all(...args, options.limit ?? -1, options.offset ?? 0);
  return rows.map(toSummary);
}

/** How many clusters of one model match `filter` (all of them without one). */
export function countClusters(db: Db, model: string, filter: ClusterFilter = {}): number {
  const { sql, args } = clusterWhere(model, filter);
  return (db.prepare<(string | null)[], { n: number }>(`SELECT count(*) AS n FROM clusters c WHERE ${sql}`).get(...args) as { n: number }).n;
}

/** Every cluster id of one model, largest first: what lesson writing goes through. */
export function allClusterIds(db: Db, model: string): number[] {
  return db
    .prepare<[string], unknown>('SELECT id FROM clusters WHERE model = ? ORDER BY size DESC, sessions DESC, id')
    .pluck()
    .all(model) as number[];
}

/** One cluster with its members, most representative first, each linked to its session and message. */
export function getCluster(db: Db, id: number, memberLimit = 200): ClusterDetail | null {
  const row = db.prepare<[number], ClusterRow>('SELECT * FROM clusters WHERE id = ?').get(id);
  if (!row) return null;
  const members = db
    .prepare<[number, number], MomentRow & { score: number; title: string | null; project: string | null }
    >(
      `SELECT mo.id, mo.session_id, mo.message_id, mo.kind, mo.text, mo.context, mo.at, cm.score,
              s.title, s.project
       FROM cluster_members cm JOIN moments mo ON mo.id = cm.moment_id JOIN sessions s ON s.id = mo.session_id
       WHERE cm.cluster_id = ? ORDER BY cm.score DESC, mo.id LIMIT ?`,
    )
    .all(id, memberLimit)
    .map((m): ClusterMember => ({ ...toMoment(m), score: m.score, sessionTitle: m.title, project: m.project }));
  return { ...toSummary(row), members };
}

/** Stores the name Claude gave a pattern (already made data by the caller); it replaces the local name. */
export function setClaudeName(db: Db, clusterId: number, name: string): void {
  db.prepare('UPDATE clusters SET claude_name = ? WHERE id = ?').run(name, clusterId);
}

/** Replaces the map coordinates of one model. */
export function replaceMapPoints(db: Db, model: string, points: { momentId: number; x: number; y: number }[]): void {
  const clear = db.prepare('DELETE FROM map_points WHERE model = ?');
  const insert = db.prepare('INSERT INTO map_points (model, moment_id, x, y) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    clear.run(model);
    for (const p of points) insert.run(model, p.momentId, p.x, p.y);
  }).immediate();
}

/** Every mapped moment with its kind and cluster (-1 when unclustered). */
export function getMapPoints(db: Db, model: string): MapPoint[] {
  return db
    .prepare<[string, string], { moment_id: number; x: number; y: number; kind: MomentKind; cluster_id: number | null }>(
      `SELECT p.moment_id, p.x, p.y, mo.kind,
              (SELECT cm.cluster_id FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id
               WHERE cm.moment_id = p.moment_id AND c.model = ? LIMIT 1) AS cluster_id
       FROM map_points p JOIN moments mo ON mo.id = p.moment_id WHERE p.model = ? ORDER BY p.moment_id`,
    )
    .all(model, model)
    .map((r) => ({ momentId: r.moment_id, x: r.x, y: r.y, kind: r.kind, clusterId: r.cluster_id ?? -1 }));
}

const SCALE = 10 ** MAP_DECIMALS;
/** A map coordinate to MAP_DECIMALS places: the JSON carries `0.1235`, not `0.12345678901234567`. */
export const roundMapCoordinate = (v: number): number => Math.round(v * SCALE) / SCALE;

/** Map points as the API sends them: parallel columns, kinds as indices into MOMENT_KINDS, coordinates rounded. */
export function mapColumns(points: readonly MapPoint[]): MapColumns {
  const cols: MapColumns = { momentIds: [], kinds: [], clusterIds: [], x: [], y: [] };
  const kindIndex = new Map<MomentKind, number>(MOMENT_KINDS.map((k, i) => [k, i]));
  for (const p of points) {
    cols.momentIds.push(p.momentId);
    cols.kinds.push(kindIndex.get(p.kind)!);
    cols.clusterIds.push(p.clusterId);
    cols.x.push(roundMapCoordinate(p.x));
    cols.y.push(roundMapCoordinate(p.y));
  }
  return cols;
}

/** Moment id → one column of its membership (cluster id or score), for every clustered moment of one model. */
function membersBy(db: Db, model: string, column: 'cluster_id' | 'score'): Map<number, number> {
  const rows = db
    .prepare<[string], unknown>(
      `SELECT cm.moment_id, cm.${column} FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id WHERE c.model = ?`,
    )
    .raw()
    .all(model) as [number, number][];
  return new Map(rows);
}

/** Moment id → cluster id for every clustered moment of one model. */
export function clusterMembership(db: Db, model: string): Map<number, number> {
  return membersBy(db, model, 'cluster_id');
}

/** Stored similarity to the centre of every clustered moment of one model. */
export function memberScores(db: Db, model: string): Map<number, number> {
  return membersBy(db, model, 'score');
}

/** Ids of the moments that have map coordinates for this model (every moment a run has seen). */
export function mappedMomentIds(db: Db, model: string): Set<number> {
  const rows = db.prepare<[string], unknown>('SELECT moment_id FROM map_points WHERE model = ?').pluck().all(model) as number[];
  return new Set(rows);
}

/** Clusters of one model whose stored size no longer matches their members (members were deleted with their moments). */
export function staleClusterIds(db: Db, model: string): number[] {
  return db
    .prepare<[string], unknown>(
      `SELECT c.id FROM clusters c WHERE c.model = ?
         AND c.size != (SELECT count(*) FROM cluster_members cm WHERE cm.cluster_id = c.id) ORDER BY c.id`,
    )
    .pluck()
    .all(model) as number[];
}

/**
 * Rewrites existing clusters in place (summary and members) after an incremental assignment: the
 * ids do not change, so everything linked to them stays. A cluster left without members is
 * deleted. Returns the ids deleted.
 */
export function updateClusters(db: Db, updates: (ClusterRecord & { id: number })[], runId: number | null): number[] {
  const writes = clusterWrites(db);
  return db.transaction(() => {
    const removed: number[] = [];
    for (const c of updates) {
      if (c.members.length === 0) {
        writes.remove(c.id);
        removed.push(c.id);
      } else {
        writes.rewrite(c.id, c, runId);
      }
    }
    return removed;
  }).immediate();
}

/** Adds (or moves) map coordinates of some moments, leaving every other point where it is. */
export function addMapPoints(db: Db, model: string, points: { momentId: number; x: number; y: number }[]): void {
  const put = db.prepare('INSERT OR REPLACE INTO map_points (model, moment_id, x, y) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const p of points) put.run(model, p.momentId, p.x, p.y);
  }).immediate();
}

/** The cached vectors (of `model`) of one cluster's members, in one query: moment id, text hash, vector. */
export function clusterMemberVectors(db: Db, model: string, clusterId: number): { momentId: number; textHash: string; vector: Float32Array }[] {
  return db
    .prepare<[string, number], { moment_id: number; text_hash: string; dim: number; vector: Buffer }>(
      `SELECT cm.moment_id, mo.text_hash, e.dim, e.vector FROM cluster_members cm
       JOIN moments mo ON mo.id = cm.moment_id
       JOIN embeddings e ON e.model = ? AND e.text_hash = mo.text_hash
       WHERE cm.cluster_id = ?`,
    )
    .all(model, clusterId)
    .filter((r) => r.vector.length === r.dim * 4)
    .map((r) => ({ momentId: r.moment_id, textHash: r.text_hash, vector: blobToVector(r.vector) }));
}

/** A cluster's label, or null when there is no such cluster. */
/**
 * A pattern's name as every screen, the CLI and the agent show it: the name Claude gave it with its
 * lessons, else the local one (SQL, over `clusters` as `c` or unaliased).
 */
export const patternName = (alias = ''): string => `coalesce(nullif(${alias}claude_name, ''), ${alias}label)`;

export function clusterLabel(db: Db, id: number): string | null {
  return db.prepare<[number], { label: string }>(`SELECT ${patternName()} AS label FROM clusters WHERE id = ?`).get(id)?.label ?? null;
}
