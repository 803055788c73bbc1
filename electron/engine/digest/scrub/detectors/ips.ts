import { isIPv6 } from 'node:net';
import type { Finding } from '../types.js';
import { matchAll } from './util.js';

/*
 * IP addresses. Kept readable, because they identify no one and explain errors: loopback
 * (127.0.0.0/8, ::1), the unspecified address (0.0.0.0, ::), netmasks (255.x.x.x) and the cloud
 * metadata address 169.254.169.254. Four dotted numbers are a version, not an address, after `v`,
 * `version`, `@scope/pkg@`, `==`, `>=`, `~`, `^` or a `Product/` prefix (Chrome/120.0.0.0), or before a
 * `-beta`-style suffix; but after `host.name/` or before `:port` they are an address (Java's
 * `db.acme.internal/10.4.5.6:5432`).
 */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g');
const VERSION_BEFORE = /(?:\bv|\bversion\s*:?\s*|\bver\.?\s*|==|>=|<=|~=?|\^|[A-Za-z]\/)$/i;
/**
 * After `@` four numbers are a login's address (`ssh deploy@10.2.3.4`, `rsync … ana@10.2.3.4:`);
 * only a scoped package (`@scope/pkg@1.2.3.4`) makes them a version: versions have three parts.
 */
const SCOPED_PACKAGE_AT = /@[\w.-]+\/[\w.-]+@$/;
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]+)?(?![\w:])/g;

function keptV4(ip: string): boolean {
  return /^(?:127\.|0\.0\.0\.0$|255\.|169\.254\.169\.254$)/.test(ip);
}

export function ipFindings(text: string): Finding[] {
  const out = matchAll(text, IPV4, 'IP', 'ipv4', (m) => {
    if (keptV4(m[0])) return null;
    const before = text.slice(Math.max(0, m.index - 80), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 7);
    // A host name then the address (`db.acme.internal/10.4.5.6:5432`, Java's InetAddress) or an
    // address with a port is an address even after `name/`, unlike `Chrome/120.0.0.0`.
    const hostSlash = /(?:^|[\s(:])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\/$/.test(before) || /^:\d{2,5}(?!\d)/.test(after);
    if (!hostSlash && VERSION_BEFORE.test(before.slice(-12))) return null;
    if (SCOPED_PACKAGE_AT.test(before)) return null;
    if (/^-(?:alpha|beta|rc|pre|dev|snapshot)/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 10))) return null;
    return { start: m.index, end: m.index + m[0].length };
  });
  if (text.includes(':')) {
    out.push(
      ...matchAll(text, IPV6_CANDIDATE, 'IP', 'ipv6', (m) => {
        const addr = m[0].replace(/%[\w.]+$/, '');
        if (!isIPv6(addr)) return null;
        const groups = addr.split(':').filter(Boolean);
        // `::`, `::1` and code like `a::b` (C++/Rust paths made of hex letters) are not addresses.
        if (groups.length < 3 || !groups.some((g) => g.length >= 3 || g.includes('.'))) return null;
        if (/^::1?$/.test(addr) || /^::ffff:127\./i.test(addr)) return null;
        return { start: m.index, end: m.index + m[0].length };
      }),
    );
  }
  return out;
}
