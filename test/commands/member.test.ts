import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';

describe.each(PROVIDERS)('/member on %s', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'joins a new organisation, then joins it again by any spelling of its name',
    async () => {
      const first = await h.run('lea', '/member join Avocats Sans Frontières type:civil_society country:BE');
      expect(first.ok).toBe(true);
      expect(first.reply.lines?.[0]).toBe(
        'Avocats Sans Frontières (civil society) is now part of the coalition, and so are you.',
      );
      const second = await h.run('marc', '/member join organization:"avocats  sans frontières"');
      expect(second.reply.lines?.[0]).toBe(
        'You are now listed with Avocats Sans Frontières (civil society).',
      );
      expect(await h.db.organization.count()).toBe(1);
      expect(await h.db.person.count({ where: { organizationId: { not: null } } })).toBe(2);
    },
  );

  it.skipIf(!available(provider))(
    'asks for the type of a new organisation and refuses a contradicting one',
    async () => {
      const before = await h.counts();
      expect((await h.run('zoe', '/member join "New Org"')).reply.lines).toEqual([
        'New Org is new to the coalition: add its type, e.g. type:civil_society.',
      ]);
      expect(
        (await h.run('zoe', '/member join "Avocats Sans Frontières" type:government')).reply.lines,
      ).toEqual([
        'Avocats Sans Frontières is already registered as civil society; leave type out to join it.',
      ]);
      expect(await h.counts()).toEqual(before);
    },
  );

  it.skipIf(!available(provider))(
    'joins observers, whose RSVPs will be marked and who cannot log commitments',
    async () => {
      const out = await h.run('ola', '/member join "Open Data Watch" type:civil_society role:observer');
      expect(out.reply.lines?.[1]).toContain('As an observer');
      const person = await h.db.person.findFirstOrThrow({
        where: { displayName: 'ola' },
        include: { organization: true },
      });
      expect(person.role).toBe('OBSERVER');
      expect(person.organization?.status).toBe('OBSERVER');
    },
  );

  it.skipIf(!available(provider))(
    'speaks French once the profile says French, and keeps it after a restart',
    async () => {
      const out = await h.text('lea', '/member profile locale:fr timezone:Europe/Brussels');
      expect(out).toContain('Fuseau horaire');
      await h.restart();
      const later = await h.run('lea', '/learning show L404');
      expect(later.locale).toBe('fr');
      expect(later.reply.lines).toEqual([
        'Aucun enseignement L404 dans cette coalition. Essayez /learning list.',
      ]);
      const invalid = await h.run('lea', '/meeting schedule title:x start:demain');
      expect(invalid.reply.title).toBe('Corrigez ceci puis réessayez :');
      expect(invalid.reply.lines).toContain('• title: trop court : au moins 3 caractères');
    },
  );

  it.skipIf(!available(provider))('follows the platform’s language until the profile sets one', async () => {
    const out = await h.run('pablo', '/learning show L404', { localeHint: 'es-ES' });
    expect(out.reply.lines).toEqual([
      'No hay ningún aprendizaje L404 en esta coalición. Pruebe /learning list.',
    ]);
  });

  it.skipIf(!available(provider))(
    'links a Slack identity to the console person with a one-time code',
    async () => {
      const code = /code:([A-Z0-9]{8})/.exec((await h.text('marc', '/member link')) ?? '')?.[1];
      expect(code).toBeDefined();
      const slack = { platform: 'SLACK' as const, spaceId: 'T1', userId: 'U42', displayName: 'Marc (Slack)' };
      // First contact on Slack registers a separate person; the code folds it into marc.
      await h.run('ignored', '/learning list', slack);
      const linked = await h.run('ignored', `/member link code:${code!.toLowerCase()}`, slack);
      expect(linked.reply.lines).toEqual(['Linked. marc is now reachable on: console, Slack.']);
      const marc = await h.db.person.findFirstOrThrow({
        where: { displayName: 'marc' },
        include: { identities: true },
      });
      expect(marc.identities.map((i) => i.platform).sort()).toEqual(['CONSOLE', 'SLACK']);
      expect(await h.db.person.count({ where: { displayName: 'Marc (Slack)' } })).toBe(0);
      // Slack now speaks as marc, with marc's organisation.
      expect(
        (
          await h.run(
            'ignored',
            '/learning share title:"From Slack" summary:"Shared from the linked Slack account." themes:sdg16',
            slack,
          )
        ).ok,
      ).toBe(true);
      const again = await h.run('ignored', `/member link code:${code}`, { ...slack, userId: 'U43' });
      expect(again.reply.lines).toEqual([
        'That code is unknown, used or expired. Ask for a new one with /member link.',
      ]);
      // A second Slack account cannot join a person who has one: the platform is named for people.
      const second = /code:([A-Z0-9]{8})/.exec((await h.text('marc', '/member link')) ?? '')?.[1];
      const taken = await h.run('ignored', `/member link code:${second}`, { ...slack, userId: 'U44' });
      expect(taken.reply.lines).toEqual(['That person already has a Slack account linked.']);
    },
  );

  it.skipIf(!available(provider))('lists members with their organisation', async () => {
    const out = await h.text('marc', '/member list');
    expect(out).toContain('lea — Avocats Sans Frontières (civil society)');
    expect(out).toContain('ola — Open Data Watch (civil society) · observer');
    expect(out).not.toContain('pablo');
  });

  it.skipIf(!available(provider))(
    'forgets a person after confirmation, keeping anonymous counts',
    async () => {
      const ask = await h.run('marc', '/member forget');
      expect(ask.reply.buttons?.[0]).toMatchObject({
        command: 'member',
        sub: 'forget',
        input: { confirm: 'yes' },
        style: 'danger',
      });
      expect(await h.db.person.count({ where: { erasedAt: { not: null } } })).toBe(0);
      const done = await h.run('marc', '/member', {
        sub: 'forget',
        input: ask.reply.buttons![0]!.input,
        text: undefined,
      });
      expect(done.ok).toBe(true);
      const erased = await h.db.person.findFirstOrThrow({
        where: { erasedAt: { not: null } },
        include: { identities: true },
      });
      expect(erased.displayName).toBe(`erased-${erased.id}`);
      expect(erased.identities).toEqual([]);
      expect(await h.db.learning.count({ where: { authorId: erased.id } })).toBe(1);
      expect(await h.db.auditEntry.count({ where: { action: 'member.forget' } })).toBe(1);
      expect((await h.run('lea', '/member forget name:ola confirm:yes')).reply.lines).toEqual([
        'Seul le secrétariat de la coalition peut faire ceci.',
      ]);
      expect((await h.run('sec', '/member forget name:ola confirm:yes')).ok).toBe(true);
    },
  );
});
