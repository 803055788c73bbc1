import type { ClusterDigest, Lesson } from '../../../shared/types.js';
import { clusterLabel, setClaudeName } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { estimateRequest, sumEstimates, type CostEstimate } from './estimate.js';
import { lintLessons, type LintFinding } from './lint.js';
import { localDraft } from './local-draft.js';
import { DEFAULT_MERGE_THRESHOLD, mergeNearDuplicates, type MergeResult } from './merge.js';
import { applyLessonActions, LessonReplyError, parseLessonReply, type AppliedAction } from './parse.js';
import { buildLessonRequest, messagesUrl, type PreparedRequest } from './request.js';
import { sendLessonRequest, type SendOptions, type SendResult } from './send.js';
import { clusterEvidence, getLesson, insertLesson, listLessons } from './store.js';

/*
 * `reverie lessons`: writes lessons for clusters, with Claude or locally.
 *
 * Claude mode (an API key and no --offline): every request is built first, from one snapshot of
 * the existing lessons, so the person sees all of them, byte for byte, with the token and cost
 * estimate, before one consent (`confirm`; the CLI prints and prompts, or --yes). Declined:
 * nothing is sent. Then one request per cluster; a rejected key or an API that stays overloaded
 * stops the run, a reply that cannot be read is reported for that cluster and the run goes on.
 *
 * Local mode (no key, or --offline): a draft per cluster from its keywords and examples; a
 * cluster that already has a live lesson is left alone. Nothing leaves the machine.
 *
 * Both: with an embedding function, near-duplicate lessons are then merged locally; the lessons
 * written or changed are linted against the others.
 *
 * `sendPlannedRequests` is the send loop itself, shared with the app's consent step (api/lesson-plans.ts),
 * which sends a plan the person saw earlier and may cancel between requests.
 */

export interface PlannedRequest extends PreparedRequest {
  url: string;
  estimate: CostEstimate;
}

export interface LessonPlan {
  requests: PlannedRequest[];
  total: CostEstimate;
}

export interface WriteLessonsOptions {
  offline?: boolean;
  /** Default: ANTHROPIC_API_KEY. */
  apiKey?: string | null;
  /** Default: ANTHROPIC_BASE_URL, then api.anthropic.com. */
  baseURL?: string;
  model?: string;
  maxTokens?: number;
  /** Sees the exact requests and the estimate; nothing is sent unless it returns true. */
  confirm: (plan: LessonPlan) => boolean | Promise<boolean>;
  /** Moment ids a lesson about the cluster rests on; default: the cluster's most representative members. */
  evidence?: (clusterId: number) => number[];
  /** Local embedding of texts (L2-normalised), to merge near-duplicate lessons; skipped when absent. */
  embed?: (texts: string[]) => Promise<Float32Array[]>;
  mergeThreshold?: number;
  /** Retry and transport knobs for the requests (tests: sleep, fetch). */
  send?: Omit<SendOptions, 'apiKey' | 'baseURL'>;
  env?: NodeJS.ProcessEnv;
}

export interface ClusterFailure {
  clusterId: number;
  /** The pattern's name, so a person reads which pattern, not an id. */
  pattern: string | null;
  error: string;
}

export interface WriteLessonsResult {
  mode: 'claude' | 'local';
  /** Why local: 'offline' or 'no API key'. */
  localReason?: 'offline' | 'no API key';
  plan: LessonPlan | null;
  /** True when the person declined: nothing was sent. */
  declined: boolean;
  changes: AppliedAction[];
  /** Clusters that already had a live lesson (local mode). */
  skipped: number[];
  failures: ClusterFailure[];
  merged: MergeResult[];
  /** Lint findings for the lessons written or changed by this run. */
  findings: LintFinding[];
}

/** Builds the requests for the digests and their estimate, from the live lessons now. */
export function planLessonRequests(
  db: Db,
  digests: ClusterDigest[],
  options: Pick<WriteLessonsOptions, 'model' | 'maxTokens' | 'baseURL' | 'env'> = {},
): LessonPlan {
  const existing = listLessons(db);
  const url = messagesUrl(options.baseURL, options.env);
  const requests = digests.map((d) => {
    const prepared = buildLessonRequest(d, existing, { model: options.model, maxTokens: options.maxTokens });
    return { ...prepared, url, estimate: estimateRequest(prepared) };
  });
  return { requests, total: sumEstimates(requests.map((r) => r.estimate)) };
}

export interface SendPlannedOptions {
  apiKey: string;
  baseURL?: string;
  /** Retry and transport knobs for each request (tests: sleep, fetch). */
  send?: Omit<SendOptions, 'apiKey' | 'baseURL'>;
  /** Moment ids a lesson about the cluster rests on. */
  evidence: (clusterId: number) => number[];
  /** Cancels between requests, and during a retry wait (that request then got no reply). */
  signal?: AbortSignal;
  /** After each request's reply was applied (or its failure noted), with the count sent so far. */
  onSent?: (sent: number) => void;
}

export interface SentRequests {
  /** Requests that got a reply. */
  sent: number;
  changes: AppliedAction[];
  failures: ClusterFailure[];
  /** True when the signal stopped the loop before the last request. */
  stopped: boolean;
}

/** Thrown by a retry wait that the signal cut short. */
class SendCancelled extends Error {}

/** `sleep` (default: a timer), rejecting with SendCancelled as soon as `signal` aborts. */
function abortableSleep(signal: AbortSignal, sleep?: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new SendCancelled());
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new SendCancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      if (sleep) sleep(ms).then(done, reject);
      else timer = setTimeout(done, ms);
    });
}

/**
 * Sends the requests one by one, exactly as given (send.ts refuses any byte the SDK would send
 * that is not in them, so what leaves is what the caller showed), and applies each reply. An
 * unreadable reply is a failure of that cluster and the loop goes on; a rejected key or an API
 * that stays down throws, keeping what the earlier replies changed. A cancel (signal) stops
 * between requests or during a retry wait: what was sent stays, the rest never leaves.
 */
export async function sendPlannedRequests(
  db: Db,
  digests: ClusterDigest[],
  requests: PlannedRequest[],
  options: SendPlannedOptions,
): Promise<SentRequests> {
  const { signal } = options;
  const byCluster = new Map(digests.map((d) => [d.clusterId, d]));
  const result: SentRequests = { sent: 0, changes: [], failures: [], stopped: false };
  const send: SendOptions = { ...options.send, apiKey: options.apiKey, baseURL: options.baseURL };
  if (signal) send.sleep = abortableSleep(signal, options.send?.sleep);
  for (const request of requests) {
    if (signal?.aborted) {
      result.stopped = true;
      break;
    }
    let reply: SendResult;
    try {
      reply = await sendLessonRequest(db, request, send);
    } catch (err) {
      // Cancelled while waiting to retry: the attempts made are in the outbox; this request got no reply.
      if (!(err instanceof SendCancelled)) throw err;
      result.stopped = true;
      break;
    }
    result.sent++;
    try {
      const { actions, patternName } = parseLessonReply(reply.message);
      result.changes.push(
        ...applyLessonActions(db, actions, {
          digest: byCluster.get(request.clusterId)!,
          evidence: options.evidence(request.clusterId),
          offered: request.offered,
          model: reply.message.model || request.model,
        }),
      );
      // Claude's contrastive name replaces the local one (also when it found nothing worth a lesson).
      if (patternName) setClaudeName(db, request.clusterId, patternName);
    } catch (err) {
      if (!(err instanceof LessonReplyError)) throw err;
      result.failures.push({ clusterId: request.clusterId, pattern: clusterLabel(db, request.clusterId), error: err.message });
    }
    options.onSent?.(result.sent);
  }
  return result;
}

export async function writeLessons(db: Db, digests: ClusterDigest[], options: WriteLessonsOptions): Promise<WriteLessonsResult> {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey === undefined ? env.ANTHROPIC_API_KEY : options.apiKey;
  const evidenceOf = options.evidence ?? ((id: number) => clusterEvidence(db, id));
  const result: WriteLessonsResult = {
    mode: options.offline || !apiKey ? 'local' : 'claude',
    plan: null,
    declined: false,
    changes: [],
    skipped: [],
    failures: [],
    merged: [],
    findings: [],
  };

  if (result.mode === 'local') {
    result.localReason = options.offline ? 'offline' : 'no API key';
    for (const d of digests) {
      if (listLessons(db, { clusterId: d.clusterId }).length > 0) {
        result.skipped.push(d.clusterId);
        continue;
      }
      const lesson = insertLesson(db, {
        ...localDraft(d),
        clusterId: d.clusterId,
        kind: d.kind,
        source: 'local',
        model: null,
        evidence: evidenceOf(d.clusterId),
      });
      result.changes.push({ action: 'add', lessonId: lesson.id, retired: [] });
    }
  } else {
    const plan = planLessonRequests(db, digests, { ...options, env });
    result.plan = plan;
    if (plan.requests.length > 0 && !(await options.confirm(plan))) {
      result.declined = true;
      return result;
    }
    const sent = await sendPlannedRequests(db, digests, plan.requests, { apiKey: apiKey!, baseURL: options.baseURL, send: options.send, evidence: evidenceOf });
    result.changes.push(...sent.changes);
    result.failures.push(...sent.failures);
  }

  if (options.embed) {
    result.merged = await mergeNearDuplicates(db, options.embed, options.mergeThreshold ?? DEFAULT_MERGE_THRESHOLD);
  }
  const touched = new Set(result.changes.map((c) => c.lessonId));
  const live = listLessons(db);
  const changed = [...touched].map((id) => getLesson(db, id)).filter((l): l is Lesson => !!l && l.status !== 'retired');
  result.findings = lintLessons(changed, { against: live.filter((l) => !touched.has(l.id)) });
  return result;
}
