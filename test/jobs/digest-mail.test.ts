// The Monday digest by mail: to the secretariat by default and to whoever asked, each in their
// language, once a week; List-Unsubscribe one-click (RFC 8058) and a link that works, over HTTP.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailDigests } from '../../src/jobs/digest.job.ts';
import { mailRoutes } from '../../src/http/mail.routes.ts';
import { createHttpServer, listen } from '../../src/http/server.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import {
  joined,
  mailHarness,
  mimeOutline,
  PUBLIC_URL,
  rawHeader,
  type MailHarness,
} from '../helpers/mail.ts';

const SEC = 'secretariat@ogp.example.org';
const BEN = 'ben@namati.example.org';
const CARA = 'cara@example.org';

describe.each(PROVIDERS)('the digest by mail on %s', (provider) => {
  let h: MailHarness;
  let server: http.Server;
  let base = '';
  let link = '';

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await mailHarness(provider, { admins: ['console:sec'] });
    await joined(h, 'ben', 'Namati', 'civil_society');
    await joined(h, 'cara', 'Ministry of Justice', 'government');
    await h.run('ben', '/member profile locale:fr');
    await h.confirm('sec', SEC);
    await h.confirm('ben', BEN);
    await h.confirm('cara', CARA);
    await h.run('ben', '/member email digest:on');
    await h.run(
      'ben',
      '/learning share title:"Court data portal" summary:"Publishing case-level data halved reporting time." themes:justice_data',
    );
    server = createHttpServer({
      ready: () => h.services.ping(),
      log: h.docket.log,
      routes: [mailRoutes({ docket: h.docket, log: h.docket.log })],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'goes from Monday 09:00 to the secretariat and to those who asked, once, in their language',
    async () => {
      const ctx = h.jobs();
      h.clock.current = new Date('2026-11-30T07:59:00Z'); // Monday 08:59 in Paris
      expect(await mailDigests(ctx)).toBe(0);
      h.clock.current = new Date('2026-11-30T08:00:00Z');
      expect(await mailDigests(ctx)).toBe(2);
      h.clock.current = new Date('2026-12-01T10:00:00Z');
      expect(await mailDigests(ctx)).toBe(0);
      const [sec, ...more] = await h.inbox(SEC);
      const [ben] = await h.inbox(BEN);
      expect(more).toEqual([]);
      expect(await h.inbox(CARA)).toEqual([]);
      expect(sec!.mail.subject).toBe('Weekly digest 2026-W48');
      expect(ben!.mail.subject).toBe('Résumé de la semaine 2026-W48');
      expect(mimeOutline(sec!.raw)).toEqual([
        'multipart/alternative',
        '  text/plain; charset=utf-8',
        '  text/html; charset=utf-8',
      ]);
      expect(sec!.mail.text).toContain('L1 · Court data portal');
      // One click from the mail client (RFC 8058), and the same link in the body.
      const header = rawHeader(sec!, 'List-Unsubscribe')!;
      expect(header).toMatch(new RegExp(`^<${PUBLIC_URL}/mail/unsubscribe/\\d+\\.digest\\.[\\w-]{43}>$`));
      link = header.slice(1, -1);
      expect(rawHeader(sec!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(sec!.mail.html).toContain(`<a href="${link}">unsubscribe</a>`);
      expect(ben!.mail.html).toContain('>se désabonner</a>');
      expect(rawHeader(ben!, 'List-Unsubscribe')).not.toBe(`<${link}>`);
    },
  );

  it.skipIf(!available(provider))(
    'the link asks first (GET never acts), and the one-click POST unsubscribes',
    async () => {
      const local = link.replace(PUBLIC_URL, base);
      const page = await fetch(local);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
      const html = await page.text();
      expect(html).toContain('Stop sending the weekly digest to s•••@ogp.example.org?');
      expect(html).toContain('<form method="post"');
      expect((await h.run('sec', '/member email')).reply.fields).toContainEqual({
        label: 'Digest by mail',
        value: 'on',
      });
      const click = await fetch(local, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(click.status).toBe(200);
      expect(await click.text()).toContain(
        'Done: the weekly digest no longer comes to s•••@ogp.example.org.',
      );
      expect((await h.run('sec', '/member email')).reply.fields).toContainEqual({
        label: 'Digest by mail',
        value: 'off',
      });
      expect(await h.db.auditEntry.count({ where: { action: 'member.email.unsubscribe' } })).toBe(1);
      // Clicking again changes nothing and still answers.
      expect((await fetch(local, { method: 'POST' })).status).toBe(200);
      expect(await h.db.auditEntry.count({ where: { action: 'member.email.unsubscribe' } })).toBe(1);
      // The next Monday, only Ben gets it.
      h.clock.current = new Date('2026-12-07T08:00:00Z');
      expect(await mailDigests(h.jobs())).toBe(1);
      expect(await h.inbox(SEC)).toEqual([]);
      expect(await h.inbox(BEN)).toHaveLength(1);
    },
  );

  it.skipIf(!available(provider))('a forged or outdated link works no more', async () => {
    const local = link.replace(PUBLIC_URL, base);
    const forged = local.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const url of [forged, `${base}/mail/unsubscribe/1.digest.short`, `${base}/mail/unsubscribe/x`]) {
      const res = await fetch(url, { method: 'POST' });
      expect(res.status, url).toBe(404);
      expect(await res.text()).toContain('This link no longer works');
    }
    // A new address signs new links: the old one dies with the old address.
    await h.run('sec', '/member email digest:on');
    await h.confirm('sec', 'sec2@ogp.example.org');
    expect((await fetch(local)).status).toBe(404);
    expect((await h.run('sec', '/member email')).reply.fields).toContainEqual({
      label: 'Digest by mail',
      value: 'on',
    });
  });
});
