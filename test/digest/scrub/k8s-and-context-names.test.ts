import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../../electron/engine/digest/scrub/index.js';

const scrub = (t: string) => createScrubber().scrub(t);
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Kubernetes secrets and base64', () => {
  it('replaces the data values of a Secret, whatever order kubectl prints the keys in, and keeps the rest', async () => {
    const pw = b64('Kestrel2031!');
    const out = await scrub(`$ kubectl get secret db -o yaml\napiVersion: v1\ndata:\n  password: ${pw}\n  api-key: ${b64('k3y-9f8e7d6c5b4a')}\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque`);
    expect(out).not.toContain(pw);
    expect(out).not.toContain(b64('k3y-9f8e7d6c5b4a'));
    expect(out).toContain('name: db');
    expect(out).toContain('type: Opaque');
  });

  it('leaves base64-looking values alone outside a Secret', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: cHJvZA==';
    expect(await scrub(text)).toBe(text);
  });

  it('replaces what a decoding command prints, and the literal fed to base64', async () => {
    expect(await scrub(`$ kubectl get secret db -o jsonpath='{.data.password}' | base64 -d\nbkfic-lztdp-96`)).toMatch(/\n<PASSWORD_1>$/);
    expect(await scrub(`❯ kubectl get secret t -o jsonpath='{.data.token}'\n${b64('tok-abc-123456')}`)).toMatch(/\n<SECRET_1>$/);
    const enc = await scrub(`$ echo -n 'Orchid77!' | base64\n${b64('Orchid77!')}`);
    expect(enc).not.toContain('Orchid77!');
    expect(enc).not.toContain(b64('Orchid77!'));
    expect(await scrub(`$ base64 -d <<< ${b64('hunter22x')}\nhunter22x`)).not.toMatch(/hunter22x|aHVudGVy/);
  });

  it('keeps a command whose next line is ordinary output', async () => {
    const text = '$ cat notes.txt | base64 -d\nhello world, this is fine';
    expect(await scrub(text)).toBe(text);
  });
});

describe('ssh config, sshd banner and dotted passwords', () => {
  it('replaces the User of an ssh config block, not the date of "Last login:"', async () => {
    const out = await scrub('Host build\n    HostName 10.1.2.3\n    User mkuusk\n    Port 2222\nLast login: Tue Dec  1 08:01:12 2026');
    expect(out).not.toContain('mkuusk');
    expect(out).toContain('Last login: Tue Dec');
  });

  it('replaces a YAML password that starts with a dot, keeps a dotfile name', async () => {
    expect(await scrub('    password: .vJBX0SeeLfn')).toBe('    password: <PASSWORD_1>');
    expect(await scrub('    password_file: .env.local')).toBe('    password_file: .env.local');
  });
});

describe('names by context and with Gaelic particles', () => {
  it.each([
    ['Hello Sipho,\n\nthe deploy is blocked.', 'Sipho'],
    ['Pushed the fix. Cheers, Eilidh', 'Eilidh'],
    ['Thanks Toomas! That fixed it.', 'Toomas'],
    ['Best regards,\nFaith Fields\nPlatform team', 'Faith Fields'],
    ['> Mòrag wrote:\n> can we pin it?', 'Mòrag'],
    ['Could you ask Joy Stone whether the cache is warm?', 'Joy Stone'],
    ['ping @Hine — the alert fired again', 'Hine'],
    ['Labhair mé le Cillian Mac Cárthaigh inné.', 'Cillian Mac Cárthaigh'],
    ['Méabh Ó Ceallacháin a dúirt go bhfuil sé síos.', 'Ó Ceallacháin'],
    ['Thuirt Calum MacLeòid gu bheil e deiseil.', 'MacLeòid'],
  ])('%s', async (text, name) => {
    expect(await scrub(text)).not.toContain(name);
  });

  it('keeps greetings to groups, annotations, tools and the next line after a name', async () => {
    for (const text of ['Thanks All, merged.', 'Hi Team, the build is green.', '@Autowired private OrderRepository repo;', 'Thanks Claude, that works.', 'cc @types/node for the typings']) {
      expect(await scrub(text)).toBe(text);
    }
    expect(await scrub('Best regards,\nEabha Ruiz\nPlatform team')).toContain('\nPlatform team');
  });
});
