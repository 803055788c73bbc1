import type { Finding } from '../types.js';
import { groupSpan, matchAll } from './util.js';

/*
 * Provider key formats secretlint's preset does not know, or knows only at exact lengths
 * (transcripts hold keys of every vintage and length). Each pattern is anchored on a fixed,
 * documented prefix, so none of them fires on ordinary words or identifiers.
 */
const PREFIXED: readonly [name: string, re: RegExp][] = [
  ['stripe', /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,247}\b/g],
  ['stripe-webhook', /\bwhsec_[0-9A-Za-z]{24,}\b/g],
  ['google-api-key', /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g],
  ['google-oauth-secret', /\bGOCSPX-[0-9A-Za-z_-]{20,}/g],
  ['google-oauth-token', /\bya29\.[0-9A-Za-z_-]{20,}/g],
  ['github', /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g],
  ['gitlab', /\bgl(?:pat|dt|rt|ptt|cbt|soat|ft)-[0-9A-Za-z_-]{20,}/g],
  ['anthropic', /\bsk-ant-[a-z]{2,8}\d{2}-[0-9A-Za-z_-]{20,}/g],
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and the many OpenAI-compatible providers using sk-.
  ['openai-like', /\bsk-(?:proj-|svcacct-|admin-|or-v1-)?(?=[0-9A-Za-z_-]*\d)(?=[0-9A-Za-z_-]*[A-Za-z])[0-9A-Za-z_-]{20,}/g],
  ['slack', /\bxox[abposre]-[0-9A-Za-z-]{10,}/g],
  ['slack-webhook', /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,}/g],
  ['discord-webhook', /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,}/g],
  ['huggingface', /\bhf_[A-Za-z0-9]{30,}\b/g],
  ['npm', /\bnpm_[A-Za-z0-9]{36}\b/g],
  ['pypi', /\bpypi-AgE[A-Za-z0-9_-]{50,}/g],
  ['sendgrid', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g],
  ['twilio', /\b(?:SK|AC)[0-9a-f]{32}\b/g],
  ['mailgun', /\bkey-[0-9a-f]{32}\b/g],
  ['digitalocean', /\bdo[por]_v1_[0-9a-f]{64}\b/g],
  ['databricks', /\bdapi[0-9a-f]{32}(?:-\d)?\b/g],
  ['supabase', /\bsbp_[0-9a-f]{40}\b/g],
  ['groq', /\bgsk_[A-Za-z0-9]{40,}\b/g],
  ['replicate', /\br8_[A-Za-z0-9]{30,}\b/g],
  ['perplexity', /\bpplx-[A-Za-z0-9]{40,}\b/g],
  ['xai', /\bxai-[A-Za-z0-9]{40,}\b/g],
  ['notion', /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})\b/g],
  ['shopify', /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g],
  ['telegram-bot', /\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b/g],
  ['azure-sas', /\bsig=[0-9A-Za-z%+/]{30,}={0,2}/g],
  ['aws-key-id', /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g],
];

export function providerKeyFindings(text: string): Finding[] {
  const out: Finding[] = [];
  for (const [name, re] of PREFIXED) out.push(...matchAll(text, re, 'SECRET', `key:${name}`));
  // JSON Web Tokens: header and payload are base64url JSON objects, so both start with "eyJ".
  out.push(...matchAll(text, /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, 'JWT', 'jwt'));
  // Authorization headers: whatever follows the scheme is a credential.
  out.push(
    ...matchAll(
      text,
      /\b(?:Bearer|Basic|Token|Bot|token)\s+([A-Za-z0-9._~+/-]{16,}={0,2})/dg,
      'SECRET',
      'auth-header',
      (m) => (/[0-9]/.test(m[1]) && /[A-Za-z]/.test(m[1]) ? groupSpan(m, 1) : null),
    ),
  );
  return out;
}
