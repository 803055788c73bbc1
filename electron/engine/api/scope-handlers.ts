import os from 'node:os';
import { applyHooksPlan } from '../agent/claude-settings.js';
import { planBlockHook } from '../agent/block-hook.js';
import { reverieInvocation } from '../agent/setup.js';
import { patternCosts } from '../cost/pattern-cost.js';
import { PRICES_AS_OF } from '../cost/prices.js';
import { getLesson, listLessons } from '../lesson/store.js';
import { assessLessons } from '../scope/assess.js';
import { restateJudge } from '../scope/judge.js';
import { allClusterIds } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import type { ApiResult } from '../../../shared/api.js';
import { NotFoundError } from './errors.js';

/*
 * The API for lessons where they belong and what patterns cost (shared/api-scope.ts). Writing a
 * hook into settings.json happens only on enforceLesson without dryRun: the person's click.
 */

export interface ScopeContext {
  db: Db;
  model: string;
  modelsDir: string;
  homeDir?: string;
}

export function scopeHandlers(ctx: ScopeContext) {
  const { db } = ctx;
  const home = () => ctx.homeDir ?? os.homedir();
  const assess = async (ids?: number[]) => {
    const lessons = listLessons(db).filter((l) => !ids || ids.includes(l.id));
    const judge = restateJudge(ctx.model, ctx.modelsDir);
    const places = await assessLessons(db, lessons, { ...judge, home: home(), reverie: reverieInvocation() });
    return { lessons, places, note: judge.note };
  };
  return {
    lessonPlaces: async (): Promise<ApiResult<'lessonPlaces'>> => {
      const { lessons, places, note } = await assess();
      const costs = new Map(patternCosts(db, [...new Set(lessons.map((l) => l.clusterId).filter((c): c is number => c !== null))]).map((c) => [c.clusterId, c]));
      return { lessons: places.map((p, i) => ({ ...p, cost: costs.get(lessons[i]!.clusterId ?? -1) ?? null })), note };
    },
    enforceLesson: async (p: { id: number; dryRun?: boolean }): Promise<ApiResult<'enforceLesson'>> => {
      if (!getLesson(db, p.id)) throw new NotFoundError(`no lesson ${p.id}`);
      const [place] = (await assess([p.id])).places;
      const e = place?.enforcement;
      if (!e) throw new NotFoundError(`nothing to enforce for lesson ${p.id}: no rule in its scope that its pattern keeps breaking with one command`);
      const plan = planBlockHook(e.settingsFile, e.hookCommand);
      if (!p.dryRun) applyHooksPlan(plan);
      return { settingsFile: e.settingsFile, command: e.command, reason: e.reason, before: plan.before, after: plan.after, changed: plan.changed, installed: !p.dryRun || !plan.changed };
    },
    patternCosts: (p: { clusterIds?: number[] }): ApiResult<'patternCosts'> => {
      const ids = p.clusterIds ?? allClusterIds(db, ctx.model);
      const patterns = patternCosts(db, ids).sort((a, b) => (b.usd ?? 0) - (a.usd ?? 0) || b.totalTokens - a.totalTokens || a.clusterId - b.clusterId);
      return { pricesAsOf: PRICES_AS_OF, patterns };
    },
  };
}
