import { loadSettings, saveSettings, Settings } from '../../config/settings.js';
import { CliError, type CliContext } from '../context.js';

/** `reverie settings` prints them; `reverie settings <key> <value>` changes one (lists take commas). */
export function settingsCommand(ctx: CliContext, key?: string, value?: string): number {
  if (key === undefined) {
    const current = loadSettings(ctx.dataDir);
    const width = Math.max(...Object.keys(current).map((k) => k.length));
    if (ctx.json) ctx.out(JSON.stringify(current, null, 2));
    else for (const [k, v] of Object.entries(current)) ctx.out(`${k.padEnd(width)} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    return 0;
  }
  const shape = Settings.shape as Record<string, unknown>;
  if (!(key in shape)) throw new CliError(`unknown setting "${key}"; known: ${Object.keys(shape).join(', ')}`);
  if (value === undefined) throw new CliError(`give a value: reverie settings ${key} <value>`);
  const current = loadSettings(ctx.dataDir) as Record<string, unknown>;
  const old = current[key];
  if (typeof old === 'boolean' && value !== 'true' && value !== 'false') throw new CliError(`invalid value for ${key}: expected true or false`);
  const parsed = Array.isArray(old)
    ? value.split(',').map((s) => s.trim()).filter(Boolean)
    : typeof old === 'boolean'
      ? value === 'true'
      : typeof old === 'number'
      ? Number(value)
      : value;
  try {
    saveSettings(ctx.dataDir, { [key]: parsed });
  } catch (err) {
    const issue = (err as { issues?: { message: string }[] }).issues?.[0];
    throw new CliError(`invalid value for ${key}: ${issue?.message ?? (err as Error).message}`);
  }
  ctx.out(`${key} = ${Array.isArray(parsed) ? parsed.join(', ') : String(parsed)}`);
  return 0;
}
