import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('/coalition on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))('helps with every visible command, and details one', async () => {
    const all = await h.text('newcomer', '/coalition help');
    for (const c of [
      '/learning share',
      '/commitment update',
      '/meeting rsvp',
      '/member link',
      '/coalition settings',
    ])
      expect(all).toContain(c);
    expect(all).not.toContain('/learning useful');
    const one = await h.text('newcomer', '/coalition help meeting');
    expect(one).toContain('answer: yes, maybe or no (yes, maybe, no)');
    expect(one).not.toContain('/learning');
  });

  it.skipIf(!available(provider))('keeps settings to the secretariat', async () => {
    const before = await h.counts();
    const refused = await h.run('newcomer', '/coalition settings timezone:America/Lima');
    expect(refused.reply.lines).toEqual(['Only the coalition secretariat can do this.']);
    const counts = await h.counts();
    expect(counts.coalitions).toBe(before.coalitions);
    expect((await h.db.coalition.findFirstOrThrow()).timezone).toBe('Europe/Paris');
  });

  it.skipIf(!available(provider))(
    'saves settings from the secretariat (DOCKET_ADMINS) and audits them',
    async () => {
      const out = await h.text(
        'sec',
        '/coalition settings timezone:America/Lima locale:es reminders:"60, 1440" learnings_channel:#learnings',
      );
      expect(out).toContain('Saved.');
      const c = await h.db.coalition.findFirstOrThrow();
      expect(c).toMatchObject({ timezone: 'America/Lima', locale: 'es', reminderOffsets: '1440,60' });
      expect(
        (await h.db.chatSpace.findFirstOrThrow({ where: { platform: 'CONSOLE' } })).learningsChannelId,
      ).toBe('#learnings');
      expect(await h.db.auditEntry.count({ where: { action: 'coalition.settings' } })).toBe(1);
      // New people now hear Spanish by default.
      expect((await h.run('nuevo', '/learning show L1')).locale).toBe('es');
    },
  );
});

describe.each(PROVIDERS)('/coalition admins and token on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider); // DOCKET_ADMINS: console:sec
    await h.run('sec', '/coalition admins');
    await h.run('ana', '/member profile name:"Ana K."');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'adds a known person, or a platform id not seen yet, and audits it',
    async () => {
      const refused = await h.run('ana', '/coalition admins add console:ana');
      expect(refused.reply.lines).toEqual(['Only the coalition secretariat can do this.']);
      const added = await h.run('sec', '/coalition admins add name:"Ana K."');
      expect(added.reply.lines?.[0]).toBe('Ana K. is now secretariat.');
      expect((await h.db.person.findFirstOrThrow({ where: { displayName: 'Ana K.' } })).role).toBe(
        'SECRETARIAT',
      );
      const waiting = await h.run('sec', '/coalition admins add slack:U0NEW');
      expect(waiting.reply.lines?.[0]).toBe(
        'slack:U0NEW has not used Docket yet: they will be secretariat from their first command.',
      );
      expect(waiting.reply.lines).toContain('slack:U0NEW · not seen yet');
      expect(waiting.reply.lines).toContain('sec (console:sec) · DOCKET_ADMINS');
      // Their first command on Slack finds them secretariat.
      const first = await h.run('ignored', '/coalition settings', {
        platform: 'SLACK',
        spaceId: 'T1',
        userId: 'U0NEW',
        displayName: 'New Sec',
      });
      expect(first.ok).toBe(true);
      expect(await h.db.auditEntry.count({ where: { action: 'secretariat.add' } })).toBe(2);
    },
  );

  it.skipIf(!available(provider))(
    'removes someone, but never the last one nor a DOCKET_ADMINS entry of this instance',
    async () => {
      const before = await h.counts();
      expect((await h.run('sec', '/coalition admins remove console:sec')).reply.lines).toEqual([
        'sec is named in this server’s DOCKET_ADMINS (console:sec) and would be secretariat again at its next start: remove them there first.',
      ]);
      expect(await h.counts()).toEqual(before);
      expect((await h.run('sec', '/coalition admins remove name:"Ana K."')).reply.lines?.[0]).toBe(
        'Ana K. is no longer secretariat.',
      );
      expect((await h.run('sec', '/coalition admins remove slack:U0NEW')).ok).toBe(true);
      // Only sec is left (the last one is kept: see test/abuse/secretariat.test.ts).
      const people = await h.db.person.count({ where: { role: 'SECRETARIAT', erasedAt: null } });
      expect(people).toBe(1);
    },
  );

  it.skipIf(!available(provider))(
    'creates a token shown once, stores only its hash, lists and revokes it',
    async () => {
      const created = await h.run('sec', '/coalition token create name:"CI export"');
      expect(created.ok).toBe(true);
      expect(created.reply.visibility).toBe('ephemeral');
      const token = created.reply.lines?.[1] as string;
      expect(token).toMatch(/^dkt_[A-Za-z0-9_-]{43}$/);
      const row = await h.db.apiToken.findFirstOrThrow();
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token.slice(4));
      const audit = await h.db.auditEntry.findMany({ where: { action: 'token.create' } });
      expect(JSON.stringify(audit)).not.toContain(token.slice(4));
      expect(h.logs.join('\n')).not.toContain(token.slice(4));
      const listed = await h.text('sec', '/coalition token');
      expect(listed).toContain('CI export — sec · created');
      expect(listed).not.toContain(token);
      expect((await h.run('sec', '/coalition token create name:"CI export"')).reply.lines).toEqual([
        'A token named CI export exists already: pick another name, or revoke it first.',
      ]);
      expect((await h.run('ana', '/coalition token create name:"Mine"')).reply.lines).toEqual([
        'Only the coalition secretariat can do this.',
      ]);
      expect((await h.run('sec', '/coalition token revoke name:"CI export"')).reply.lines?.[0]).toBe(
        'Token CI export revoked: it no longer works.',
      );
      expect(await h.db.apiToken.count()).toBe(0);
      expect(await h.services.tokens.authenticate(token)).toBeNull();
    },
  );
});
