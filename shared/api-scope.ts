// The API's part for lessons where they belong (scope, rules already written, enforcement) and
// what each pattern costs. No Node imports: the renderer bundles this file.
import { z } from 'zod';

const id = z.number().int().positive();

const TokensSchema = z.object({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number() });

export const PatternCostSchema = z.object({
  clusterId: z.number(),
  name: z.string(),
  moments: z.number(),
  turns: z.number(),
  turnsWithUsage: z.number(),
  tokens: TokensSchema,
  totalTokens: z.number(),
  usd: z.number().nullable(),
  unpricedTokens: z.number(),
  byModel: z.array(z.object({ model: z.string().nullable(), tokens: TokensSchema, usd: z.number().nullable() })),
});

export const LessonPlaceSchema = z.object({
  lessonId: z.number(),
  scope: z.enum(['project', 'user']),
  root: z.string().nullable(),
  projects: z.array(z.string()),
  existing: z
    .object({
      file: z.string(),
      line: z.number(),
      text: z.string(),
      writtenAt: z.string(),
      dateFrom: z.enum(['git', 'mtime']),
      by: z.enum(['meaning', 'words', 'meaning and words']),
      similarity: z.number().nullable(),
      overlap: z.number(),
    })
    .nullable(),
  notFollowed: z.object({ since: z.string(), moments: z.number(), sessions: z.number(), lastSeen: z.string() }).nullable(),
  enforcement: z
    .object({ command: z.string(), reason: z.string(), settingsFile: z.string(), hookCommand: z.string(), installed: z.boolean() })
    .nullable(),
  cost: PatternCostSchema.nullable(),
});

export const SCOPE_API = {
  /** Per lesson (not retired): its scope, the rule already written that it restates, whether that rule is followed, the hook that would enforce it, and its pattern's cost. */
  lessonPlaces: { params: z.object({}).strict(), result: z.object({ lessons: z.array(LessonPlaceSchema), note: z.string().nullable() }) },
  /** The PreToolUse hook that blocks the command a lesson's unfollowed rule forbids: shown (dryRun) or written on the person's click. */
  enforceLesson: {
    params: z.object({ id, dryRun: z.boolean().optional() }).strict(),
    result: z.object({ settingsFile: z.string(), command: z.string(), reason: z.string(), before: z.string(), after: z.string(), changed: z.boolean(), installed: z.boolean() }),
  },
  /** Tokens and estimated cost per pattern (default: all), most expensive first. */
  patternCosts: {
    params: z.object({ clusterIds: z.array(id).min(1).max(1000).optional() }).strict(),
    result: z.object({ pricesAsOf: z.string(), patterns: z.array(PatternCostSchema) }),
  },
} as const;

export type LessonPlaceView = z.output<typeof LessonPlaceSchema>;
export type PatternCostView = z.output<typeof PatternCostSchema>;
