import { randomBytes } from 'node:crypto';
import { ApiValidationError, type LessonPlanView, type ProgressEvent, type SendLessonsResult } from '../../../shared/api.js';
import type { ClusterDigest } from '../../../shared/types.js';
import type { Settings } from '../config/settings.js';
import { buildDigests, digestPolicy } from '../digest/build-digest.js';
import { DEFAULT_MERGE_THRESHOLD, mergeNearDuplicates } from '../lesson/merge.js';
import { messagesUrl } from '../lesson/request.js';
import { consentPattern } from '../lesson/consent-view.js';
import { clusterEvidence, listLessons } from '../lesson/store.js';
import { planLessonRequests, sendPlannedRequests, type LessonPlan, type PlannedRequest } from '../lesson/write-lessons.js';
import { clusterLabel } from '../store/clusters.js';
import type { Db } from '../store/db.js';
import { NotFoundError } from './errors.js';
import { StoppedEarly } from './jobs.js';

/*
 * The consent step of the UI, in two calls. `plan` builds the digests (privacy layers) and the
 * exact request bodies, keeps them under a fresh id and returns them for the person to read,
 * each with a readable view of what it says about them (lesson/consent-view.ts); nothing leaves.
 * Sending may name the patterns the person kept ticked: only their requests go. Sending takes that id (`take`): the requests are rebuilt from the lessons now
 * and go only if they are, byte for byte and URL for URL, the ones that were shown (send.ts then
 * refuses any byte the SDK would send that differs from those). If the lessons changed in
 * between (which changes the bodies), nothing is sent. A plan is used once. `sendTaken` then
 * sends them one by one, as a job the person can follow and cancel between requests.
 */

interface StoredPlan {
  digests: ClusterDigest[];
  plan: LessonPlan;
  model: string | undefined;
}

/** A plan checked and taken for sending: the requests exactly as shown. */
export interface TakenPlan {
  digests: ClusterDigest[];
  requests: PlannedRequest[];
  apiKey: string;
}

export interface SendTakenOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProgressEvent) => void;
  /** Local embedding, to merge near-duplicate lessons afterwards (as writeLessons does). */
  embed?: (texts: string[]) => Promise<Float32Array[]>;
}

function retryReason(status: number | null): string {
  return status === 429 ? 'rate limited' : status === 529 ? 'overloaded' : status ? `error ${status}` : 'unreachable';
}

/** Plans kept at once; an older one must be previewed again. */
const MAX_PLANS = 8;

/** The fingerprint of what a plan would send: URL, cluster and bytes of each request, in order. */
function fingerprint(plan: LessonPlan): string {
  return JSON.stringify(plan.requests.map((r) => [r.url, r.clusterId, r.bytes]));
}

export class LessonPlans {
  private plans = new Map<string, StoredPlan>();

  constructor(
    private db: Db,
    private options: { baseURL?: string } = {},
  ) {}

  async plan(clusterIds: number[], settings: Settings): Promise<Omit<LessonPlanView, 'hasKey'>> {
    const policy = digestPolicy(settings);
    const batch = await buildDigests(this.db, clusterIds, policy);
    const digests = batch.digests;
    const nameOf = (id: number) => clusterLabel(this.db, id) ?? `pattern ${id}`;
    const refused = batch.refused.map((r) => ({ clusterId: r.clusterId, label: nameOf(r.clusterId), reason: r.reason }));
    const model = settings.lessonModel || undefined;
    const plan = planLessonRequests(this.db, digests, { model, baseURL: this.options.baseURL });
    const planId = randomBytes(12).toString('hex');
    this.plans.set(planId, { digests, plan, model });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    const lessons = new Map(listLessons(this.db).map((l) => [l.id, l]));
    const digestOf = new Map(digests.map((d) => [d.clusterId, d]));
    return {
      planId,
      url: messagesUrl(this.options.baseURL),
      requests: plan.requests.map((r) => ({
        clusterId: r.clusterId,
        label: nameOf(r.clusterId),
        model: r.model,
        bytes: r.bytes,
        estimate: r.estimate,
        view: consentPattern(digestOf.get(r.clusterId)!, nameOf(r.clusterId), r.offered.map((id) => lessons.get(id)!)),
      })),
      total: plan.total,
      refused,
    };
  }

  /**
   * Takes a plan for sending, or throws in words (nothing sent): unknown or already used, no key,
   * or requests that would now differ from the ones shown (the lessons changed since the preview).
   * The plan is used up either way once it is checked against the lessons.
   */
  take(planId: string, apiKey: string | null, clusterIds?: number[]): TakenPlan {
    const stored = this.plans.get(planId);
    if (!stored) throw new NotFoundError('that preview is no longer available (it was sent already, or the app restarted): preview again');
    if (!apiKey) throw new ApiValidationError('no Anthropic API key: set one in Settings first; nothing was sent');
    // Only the patterns the person kept ticked go; each must be one the preview showed.
    const chosen = clusterIds === undefined ? null : new Set(clusterIds);
    const shown = new Set(stored.plan.requests.map((r) => r.clusterId));
    const unknown = [...(chosen ?? [])].filter((id) => !shown.has(id));
    if (unknown.length) throw new ApiValidationError(`sendLessons: clusterIds: ${unknown.join(', ')} were not in the preview; nothing was sent`);
    if (chosen && chosen.size === 0) throw new ApiValidationError('sendLessons: clusterIds: no pattern chosen; nothing was sent');
    this.plans.delete(planId);
    // The bodies are rebuilt from the lessons now; only if they are byte for byte the ones shown do they go.
    const now = planLessonRequests(this.db, stored.digests, { model: stored.model, baseURL: this.options.baseURL });
    if (fingerprint(now) !== fingerprint(stored.plan)) {
      throw new Error('the requests would differ from the preview (the lessons changed since it was made); nothing was sent: preview again');
    }
    const keep = <T extends { clusterId: number }>(xs: T[]) => (chosen ? xs.filter((x) => chosen.has(x.clusterId)) : xs);
    return { digests: keep(stored.digests), requests: keep(now.requests), apiKey };
  }

  /**
   * Sends a taken plan's requests one by one and applies each reply (the loop writeLessons uses for
   * the CLI), exactly the requests checked by `take`. Cancelling stops between requests: a request already sent stays in the outbox with its
   * reply applied, the rest are never sent, and the result comes back as StoppedEarly. A retry
   * wait (rate limit, overload) is cut short by a cancel; a rejected key or an API that stays
   * down fails the job, keeping what the earlier replies changed.
   */
  async sendTaken(taken: TakenPlan, options: SendTakenOptions = {}): Promise<SendLessonsResult | StoppedEarly> {
    const total = taken.requests.length;
    const progress = (done: number, item?: string) => options.onProgress?.({ phase: 'send', done, total, ...(item && { item }) });
    const label = (i: number) => `request ${i + 1}`;
    // `done` requests have a reply; the next one is about to leave (unless cancelled or none is left).
    let done = 0;
    const next = () => {
      if (done < total && !options.signal?.aborted) progress(done, label(done));
    };
    next();
    const sent = await sendPlannedRequests(this.db, taken.digests, taken.requests, {
      apiKey: taken.apiKey,
      baseURL: this.options.baseURL,
      evidence: (clusterId) => clusterEvidence(this.db, clusterId),
      signal: options.signal,
      send: {
        onRetry: ({ status, delayMs }) =>
          progress(done, `${label(done)}: ${retryReason(status)}, trying again in ${Math.ceil(delayMs / 1000)} s`),
      },
      onSent: (n) => {
        done = n;
        next();
      },
    });
    progress(sent.sent);
    const changes = sent.changes.length;
    if (options.embed && changes > 0) await mergeNearDuplicates(this.db, options.embed, DEFAULT_MERGE_THRESHOLD);
    const result: SendLessonsResult = { planned: total, sent: sent.sent, changes, failures: sent.failures };
    return sent.stopped ? new StoppedEarly(result) : result;
  }
}
