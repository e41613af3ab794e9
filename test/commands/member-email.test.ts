// /member email: an address confirmed by a six-digit code that really arrives by mail, rate limits,
// expiry, what comes by mail, and the address as personal data (export, /member forget).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { joined, mailHarness, type MailHarness } from '../helpers/mail.ts';

const codeIn = (subject: string | undefined) => /\b(\d{6})\b/.exec(subject ?? '')?.[1] ?? null;

describe.each(PROVIDERS)('/member email on %s', (provider) => {
  let h: MailHarness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await mailHarness(provider, { admins: ['console:sec'] });
    await joined(h, 'lea', 'Avocats Sans Frontières', 'civil_society');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'mails a six-digit code to the address, in the person’s language, and confirms it',
    async () => {
      await h.run('lea', '/member profile locale:fr');
      const asked = await h.run('lea', '/member email address:lea@asf.example.org');
      expect(asked.ok).toBe(true);
      expect(asked.reply.lines?.[0]).toBe(
        'Un code à six chiffres part vers lea@asf.example.org. Tapez-le ici : /member email code:123456',
      );
      expect(asked.reply.fields).toEqual([
        { label: 'Nouvelle adresse', value: 'lea@asf.example.org — en attente de son code' },
        { label: 'Invitations par courriel', value: 'oui' },
        { label: 'Résumé par courriel', value: 'non' },
      ]);
      const [mail, ...more] = await h.inbox('lea@asf.example.org');
      expect(more).toEqual([]);
      const code = codeIn(mail!.mail.subject);
      expect(code).toMatch(/^\d{6}$/);
      expect(mail!.mail.subject).toBe(`${code} est votre code Docket`);
      expect(mail!.mail.text).toContain(`/member email code:${code}`);
      expect(mail!.mail.headers.get('auto-submitted')).toBe('auto-generated');
      // The code is never in the chat reply, and only its hash is stored.
      expect(JSON.stringify(asked.reply)).not.toContain(code!);
      const row = await h.db.mailAddress.findFirstOrThrow({ where: { person: { displayName: 'lea' } } });
      expect(row.codeHash).not.toContain(code!);
      expect(row.address).toBeNull();

      const done = await h.run('lea', `/member email code:${code}`);
      expect(done.reply.tone).toBe('success');
      expect(done.reply.lines).toEqual(['lea@asf.example.org est confirmée.']);
      expect(done.reply.fields?.[0]).toEqual({ label: 'Adresse', value: 'lea@asf.example.org' });
      // A code works once.
      const again = await h.run('lea', `/member email code:${code}`);
      expect(again.reply.tone).toBe('error');
    },
  );

  it.skipIf(!available(provider))('refuses malformed addresses and codes, writing nothing', async () => {
    const before = await h.db.mailAddress.count();
    for (const bad of ['not-an-address', '"x"@example.org', 'a@b', 'a,b@example.org', 'a@example.org>x']) {
      const out = await h.run('ben', `/member email address:'${bad}'`);
      expect(out.ok, bad).toBe(false);
    }
    const badAddress = await h.run('ben', '/member email address:nope');
    expect(badAddress.reply.lines).toEqual(['• address: write an e-mail address such as name@example.org']);
    const badCode = await h.run('ben', '/member email code:12ab56');
    expect(badCode.reply.lines).toEqual(['• code: the code is the six digits from the mail']);
    const mixed = await h.run('ben', '/member email remove:yes digest:on');
    expect(mixed.reply.lines).toEqual(['• remove: remove:yes forgets the address: give it alone']);
    expect(await h.db.mailAddress.count()).toBe(before);
    expect(h.smtp.to('nope')).toEqual([]);
  });

  it.skipIf(!available(provider))(
    'wrong codes are counted and stop the code after five; codes expire; asking is rate-limited',
    async () => {
      await h.run('max', '/member email address:max@example.org');
      const [first] = await h.inbox('max@example.org');
      const code = codeIn(first!.mail.subject)!;
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const out = await h.run('max', `/member email code:${wrong}`);
        expect(out.reply.lines).toEqual([
          'That code is wrong or no longer works. Ask for a new one with /member email address:…',
        ]);
      }
      // Five wrong guesses: even the right code no longer works.
      expect((await h.run('max', `/member email code:${code}`)).reply.tone).toBe('error');
      // A new code within the minute is refused; after it, one comes.
      const soon = await h.run('max', '/member email address:max@example.org');
      expect(soon.reply.lines?.[0]).toMatch(/^A code went out a moment ago; ask again in \d+ seconds\.$/);
      h.clock.advance(61_000);
      await h.run('max', '/member email address:max@example.org');
      const [second] = await h.inbox('max@example.org');
      const fresh = codeIn(second!.mail.subject)!;
      // Thirty minutes later it has expired.
      h.clock.advance(31 * 60_000);
      expect((await h.run('max', `/member email code:${fresh}`)).reply.tone).toBe('error');
      // Five codes a day: the sixth waits for tomorrow.
      for (let i = 0; i < 3; i++) {
        h.clock.advance(61_000);
        expect((await h.run('max', '/member email address:max@example.org')).ok).toBe(true);
      }
      h.clock.advance(61_000);
      expect((await h.run('max', '/member email address:max@example.org')).reply.lines).toEqual([
        'Five codes were sent today already; ask again tomorrow.',
      ]);
      expect(await h.inbox('max@example.org')).toHaveLength(3);
      h.clock.advance(24 * 3600_000);
      expect((await h.run('max', '/member email address:max@example.org')).ok).toBe(true);
      const [last] = await h.inbox('max@example.org');
      expect((await h.run('max', `/member email code:${codeIn(last!.mail.subject)}`)).reply.tone).toBe(
        'success',
      );
    },
  );

  it.skipIf(!available(provider))(
    'an address belongs to one person; mail queued before the address went never leaves',
    async () => {
      const taken = await h.run('eva', '/member email address:LEA@asf.example.org');
      expect(taken.reply.lines).toEqual(['That address is already someone else’s in this coalition.']);
      // The server asks to try later: the code waits in the outbox with a backoff…
      h.smtp.onRecipient = (a) =>
        a === 'eva@example.org' ? { code: 451, message: '4.3.0 Try later' } : null;
      await h.run('eva', '/member email address:eva@example.org');
      await h.docket.courier.idle();
      const row = await h.db.outboxMessage.findFirstOrThrow({
        where: { kind: 'mail.code', status: 'PENDING' },
      });
      expect(row.attempts).toBe(1);
      expect(row.notBefore.getTime()).toBeGreaterThan(h.clock.now().getTime());
      h.smtp.onRecipient = () => null;
      // …and Eva forgets her address meanwhile: when the retry comes, nothing goes out.
      await h.run('eva', '/member email remove:yes');
      h.clock.advance(3600_000);
      await h.docket.courier.deliver();
      expect(h.smtp.to('eva@example.org')).toEqual([]);
      expect(await h.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        status: 'FAILED',
        lastError: 'the address is no longer confirmed for this person',
      });
    },
  );

  it.skipIf(!available(provider))(
    'chooses what comes by mail; the secretariat gets the digest by default',
    async () => {
      await h.confirm('sec', 'secretariat@ogp.example.org');
      const status = await h.run('sec', '/member email');
      expect(status.reply.fields).toEqual([
        { label: 'Address', value: 'secretariat@ogp.example.org' },
        { label: 'Invitations by mail', value: 'on' },
        { label: 'Digest by mail', value: 'on' },
      ]);
      const off = await h.run('sec', '/member email invitations:off digest:off');
      expect(off.reply.lines).toEqual(['Saved.']);
      expect(off.reply.fields?.slice(1)).toEqual([
        { label: 'Invitations by mail', value: 'off' },
        { label: 'Digest by mail', value: 'off' },
      ]);
      const none = await h.run('nobody', '/member email digest:on');
      expect(none.reply.lines).toEqual([
        'You have no confirmed address yet: /member email address:name@example.org',
      ]);
    },
  );

  it.skipIf(!available(provider))(
    'the address is personal data: exported with the person, erased by /member forget',
    async () => {
      await h.confirm('ida', 'ida@example.org');
      const tables = new Map<string, unknown[]>();
      for await (const [name, rows] of h.services.exports.coalition(1)) tables.set(name, rows);
      const exported = tables.get('mail_addresses') as Record<string, unknown>[];
      const ida = exported.find((r) => r.address === 'ida@example.org');
      expect(ida).toMatchObject({ address: 'ida@example.org', invitations: true });
      // What could be used against the person stays behind.
      expect(Object.keys(ida!)).not.toContain('codeHash');
      expect(Object.keys(ida!)).not.toContain('tokenSecret');
      await h.run('ida', '/member forget confirm:yes');
      expect(await h.db.mailAddress.count({ where: { address: 'ida@example.org' } })).toBe(0);
      expect(await h.db.mailAddress.count({ where: { pendingAddress: 'ida@example.org' } })).toBe(0);
    },
  );
});
