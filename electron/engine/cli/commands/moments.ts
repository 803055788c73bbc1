import { MOMENT_KINDS, type MomentKind } from '../../../../shared/types.js';
import { listDetectedMoments } from '../../moments/extract.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';

/**
 * `reverie moments [--kind K] [--session ID] [--json]`: the stored moments (what the last analysis
 * extracted), in session and message order, each with the detector that decided it.
 */
export function momentsCommand(ctx: CliContext, opts: { kind?: string; session?: string; json?: boolean }): number {
  if (opts.kind !== undefined && !(MOMENT_KINDS as readonly string[]).includes(opts.kind)) {
    throw new CliError(`--kind must be one of ${MOMENT_KINDS.join(', ')}`);
  }
  const sessionId = opts.session === undefined ? undefined : Number(opts.session);
  if (sessionId !== undefined && !Number.isInteger(sessionId)) {
    throw new CliError(`--session must be a session number (see \`reverie sessions\`), got "${opts.session}"`);
  }
  const rows = listDetectedMoments(ctx.db, { kind: opts.kind as MomentKind | undefined, sessionId });
  if (ctx.json || opts.json) {
    ctx.out(
      JSON.stringify(
        rows.map((m) => ({ id: m.id, kind: m.kind, text: m.text, sessionId: m.sessionId, messageId: m.messageId, detector: m.detector })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    ctx.out('No moments stored. Run `reverie analyze` after importing sessions.');
    return 0;
  }
  for (const m of rows) {
    ctx.out(
      `${String(m.id).padStart(6)}  ${m.kind.padEnd(10)} ${m.detector.padEnd(10)} session ${m.sessionId}, message ${m.messageId}  ${m.text.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
  }
  return 0;
}
