import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';

const scrub = (t: string) => createScrubber().scrub(t);

describe('accounts in errors, logs and cloud identities', () => {
  it.each([
    ['a user in an error quote', 'FATAL: password authentication failed for user "nkowalczyk"', 'nkowalczyk'],
    ['MySQL user@host', "ERROR 1045 (28000): Access denied for user 'tbraga'@'10.0.0.4' (using password: YES)", 'tbraga'],
    ['a role', 'error: role "ovasquez" does not exist', 'ovasquez'],
    ['a Windows account', "Login failed for user 'ACME\\neze'.", 'neze'],
    ['an IIS log', '2026-12-02 08:15:43 10.0.0.5 GET /x - 443 CORP\\jlindqvist 10.1.1.1 Mozilla/5.0 200 0 0 5', 'jlindqvist'],
    ['a worded error', 'AH01618: user pmarsh not found: /admin', 'pmarsh'],
    ['a Combined Log Format line', '10.1.2.3 - rkowal [01/Dec/2026:09:14:03 +0000] "GET /a HTTP/1.1" 401 172', 'rkowal'],
    ['a JSON access log', '{"remote_addr":"10.1.2.3","ClientUsername":"mdaoud","status":403}', 'mdaoud'],
    ['an IAM user ARN', '"Arn": "arn:aws:iam::123456789012:user/dev/hwinter"', 'hwinter'],
    ['an assumed-role session', 'User: arn:aws:sts::123456789012:assumed-role/Admin/lfarrugia is not authorized', 'lfarrugia'],
    ['a CloudTrail principal', '"principalId":"AROAABCDEFGHIJKLMNOPQ:gzammit"', 'gzammit'],
    ['an LDAP bind DN', '-D "uid=abenali,ou=people,dc=corp"', 'abenali'],
    ['a sudo log line', 'Dec 2 03:11:47 gw sudo[812]: kdimitrov : 3 incorrect password attempts ; USER=root', 'kdimitrov'],
    ['a PostgreSQL log prefix', '2026-12-03 04:12:55 UTC [1273] vkrause@payments FATAL:  too many connections', 'vkrause'],
    ['an IRC nick', '[09:12] <ttakeda> is the canary green?', 'ttakeda'],
    ['aws --user-name', 'aws iam get-user --user-name sbrandao', 'sbrandao'],
  ])('replaces %s', async (_n, text, user) => {
    const out = await scrub(text);
    expect(out).not.toContain(user);
    expect(out).toMatch(/<USER_1>/);
  });

  it('learns an account from a log line and replaces it wherever else it appears', async () => {
    const out = await scrub('Dec 2 sudo: okarlsson : user NOT in sudoers\nlater okarlsson pushed the fix');
    expect(out).not.toContain('okarlsson');
  });

  it('keeps role and service accounts, and the accounts official images create', async () => {
    for (const text of [
      'FATAL: password authentication failed for user "postgres"',
      "Access denied for user 'www-data'@'localhost'",
      'docker run -e POSTGRES_USER=ledger -e POSTGRES_DB=ledger postgres:16',
      'RABBITMQ_DEFAULT_USER: billing',
      "ERROR 1045 (28000): Access denied (using password: YES)",
    ]) {
      expect(await scrub(text)).toBe(text);
    }
  });
});

describe('hosts under any top-level domain, and what stays', () => {
  it.each([
    ['a host with a port under a new gTLD', 'upstream app { server git-1.acme.berlin:8443; }', 'git-1.acme.berlin'],
    ['a host in a psycopg error', 'connection to server at "pg.ferro.eus" (10.0.0.1), port 5432 failed', 'pg.ferro.eus'],
    ['a host in a Go lookup', 'dial tcp: lookup pg-3.orbit.ph on 127.0.0.53:53: no such host', 'pg-3.orbit.ph'],
    ['a bare host in prose', 'Deployed build 12 to app3.eu.north-star.systems this morning.', 'app3.eu.north-star.systems'],
  ])('replaces %s', async (_n, text, host) => {
    expect(await scrub(text)).not.toContain(host);
  });

  it('keeps code that looks like a dotted name: frames, reverse-DNS packages, property chains', async () => {
    for (const text of [
      'at org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)',
      "thread 'main' panicked at src/runtime/blocking/pool.rs:273:21",
      'File "app.py:12" raised',
      'import com.google.cloud.storage.Blob;',
      'const email = order.customer.email;',
    ]) {
      expect(await scrub(text)).toBe(text);
    }
  });

  it('keeps public documentation sites and npm scopes', async () => {
    for (const text of [
      'See https://docs.sqlalchemy.org/en/20/orm/session.html',
      'See https://docs.celeryq.dev/en/stable/',
      '@acme:registry=https://npm.pkg.github.com',
      "import { Storage } from '@google-cloud/storage';",
    ]) {
      expect(await scrub(text)).toBe(text);
    }
  });
});

describe('names known by a cue, and names in other scripts', () => {
  it.each([
    ['"Per X Y," with English-word names', 'Per Merry Weaver, the refund window is thirty days.', 'Merry Weaver'],
    ['"As X Y noted"', 'As Sunny Glass noted in the retro, the alert fires early.', 'Sunny Glass'],
    ['"Assigned to X Y"', 'Assigned to Noble Frost. Priority: high.', 'Noble Frost'],
    ['a Tagalog particle', 'Pakitanong kay Lovely Villanueva kung na-renew na.', 'Lovely Villanueva'],
    ['Russian', 'Вчера Игорь Смирнов перезапустил воркер.', 'Игорь Смирнов'],
    ['Chinese after a verb', '我已经把日志发给吴晓东了。', '吴晓东'],
    ['Chinese before a verb', '赵敏负责支付服务。', '赵敏'],
    ['Japanese with an honorific', 'この件は中村 愛さんが担当です。', '中村 愛'],
    ['Korean with an honorific', '김민준 님이 배포를 승인했습니다.', '김민준'],
    ['Arabic', 'أرسلت السجلات إلى أحمد المطيري أمس.', 'أحمد المطيري'],
    ['Persian', 'علی رضایی گفت که سرور دوباره از کار افتاده است.', 'علی رضایی'],
    ['Hebrew with a prefix letter', 'שלחתי את הלוגים לדניאל אזולאי אתמול.', 'דניאל אזולאי'],
    ['Hindi', 'सुनील कुमार ने कल सर्वर रीस्टार्ट किया था।', 'सुनील कुमार'],
  ])('replaces a name: %s', async (_n, text, name) => {
    const out = await scrub(text);
    expect(out).not.toContain(name);
    expect(out).toContain('<PERSON_1>');
  });

  it('leaves ordinary text in those scripts alone', async () => {
    for (const text of ['方法的说明在文档里。', '皆さん、おはようございます。', '고객님, 감사합니다.', 'Сервер перезапущен в 03:00.', 'قال إن النشر فشل.']) {
      expect(await scrub(text)).toBe(text);
    }
  });
});
