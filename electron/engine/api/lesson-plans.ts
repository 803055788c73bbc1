import { randomBytes } from 'node:crypto';
import { ApiValidationError, type LessonPlanView } from '../../../shared/api.js';
import type { ClusterDigest } from '../../../shared/types.js';
import type { Settings } from '../config/settings.js';
import { buildDigest, digestPolicy, DigestRefused } from '../digest/build-digest.js';
import { messagesUrl } from '../lesson/request.js';
import { planLessonRequests, writeLessons, type LessonPlan } from '../lesson/write-lessons.js';
import type { Db } from '../store/db.js';
import { NotFoundError } from './errors.js';

/*
 * The consent step of the UI, in two calls. `plan` builds the digests (privacy layers) and the
 * exact request bodies, keeps them under a fresh id and returns them for the person to read;
 * nothing leaves. `send` takes that id and sends through writeLessons, whose `confirm` accepts
 * only if the requests it is about to send are, byte for byte and URL for URL, the ones that
 * were shown (send.ts then refuses any byte the SDK would send that differs from those). If the
 * lessons changed in between (which changes the bodies), nothing is sent. A plan is used once.
 */

interface StoredPlan {
  digests: ClusterDigest[];
  plan: LessonPlan;
  model: string | undefined;
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
    const digests: ClusterDigest[] = [];
    const refused: { clusterId: number; reason: string }[] = [];
    for (const id of clusterIds) {
      try {
        digests.push(await buildDigest(this.db, id, policy));
      } catch (err) {
        if (!(err instanceof DigestRefused)) throw err;
        refused.push({ clusterId: id, reason: err.message });
      }
    }
    const model = settings.lessonModel || undefined;
    const plan = planLessonRequests(this.db, digests, { model, baseURL: this.options.baseURL });
    const planId = randomBytes(12).toString('hex');
    this.plans.set(planId, { digests, plan, model });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    const label = this.db.prepare<[number], { label: string }>('SELECT label FROM clusters WHERE id = ?');
    return {
      planId,
      url: messagesUrl(this.options.baseURL),
      requests: plan.requests.map((r) => ({
        clusterId: r.clusterId,
        label: label.get(r.clusterId)?.label ?? `cluster ${r.clusterId}`,
        model: r.model,
        bytes: r.bytes,
        estimate: r.estimate,
      })),
      total: plan.total,
      refused,
    };
  }

  async send(
    planId: string,
    apiKey: string | null,
    embed?: (texts: string[]) => Promise<Float32Array[]>,
  ): Promise<{ sent: number; changes: number; failures: { clusterId: number; error: string }[] }> {
    const stored = this.plans.get(planId);
    if (!stored) throw new NotFoundError('that preview is no longer available (it was sent already, or the app restarted): preview again');
    if (!apiKey) throw new ApiValidationError('no Anthropic API key: set one in Settings first; nothing was sent');
    this.plans.delete(planId);
    const shown = fingerprint(stored.plan);
    const result = await writeLessons(this.db, stored.digests, {
      apiKey,
      baseURL: this.options.baseURL,
      model: stored.model,
      confirm: (plan) => fingerprint(plan) === shown,
      embed,
    });
    if (result.declined) {
      throw new Error('the requests would differ from the preview (the lessons changed since it was made); nothing was sent: preview again');
    }
    return { sent: stored.plan.requests.length, changes: result.changes.length, failures: result.failures };
  }
}
