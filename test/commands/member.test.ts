import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, type Harness } from '../helpers/harness.ts';
import type { Reply } from '../../src/core/reply.ts';

describe.each(PROVIDERS)('/member on %s', (provider) => {
  let h: Harness;
  /** What the outbox holds for one person, by kind: the card as written for them. */
  const outbox = async (kind: string, person: string) => {
    const p = await h.db.person.findFirstOrThrow({ where: { displayName: person } });
    const rows = await h.db.outboxMessage.findMany({ where: { kind }, orderBy: { id: 'asc' } });
    return rows
      .filter((r) => (JSON.parse(r.target) as { personId?: number }).personId === p.id)
      .map((r) => JSON.parse(r.payload) as { locale: string; reply: Reply });
  };
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    // The secretariat has spoken once, so the bot can reach it with requests.
    await h.run('sec', '/member review');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'asks to join a new organisation: it is pending, the secretariat gets the card with buttons',
    async () => {
      const first = await h.run('lea', '/member join Avocats Sans Frontières type:civil_society country:BE');
      expect(first.ok).toBe(true);
      expect(first.reply.title).toBe('Request J1 sent');
      expect(first.reply.lines?.[0]).toBe(
        'Avocats Sans Frontières (civil society · awaiting approval) is new to the coalition: the secretariat will check it against the coalition’s criteria and approve it as a member or an observer.',
      );
      const org = await h.db.organization.findFirstOrThrow();
      expect(org.verifiedAt).toBeNull();
      expect(
        (await h.db.person.findFirstOrThrow({ where: { displayName: 'lea' } })).organizationId,
      ).toBeNull();
      const [card] = await outbox('member.request', 'sec');
      expect(card?.reply.title).toBe('J1 · lea → Avocats Sans Frontières');
      expect(card?.reply.buttons?.map((b) => [b.label, b.sub, b.input])).toEqual([
        ['Approve as member', 'approve', { id: 'J1', standing: 'member' }],
        ['Approve as observer', 'approve', { id: 'J1', standing: 'observer' }],
        ['Decline', 'decline', { id: 'J1' }],
      ]);
      expect(await h.db.auditEntry.count({ where: { action: 'member.join', subject: 'J1' } })).toBe(1);
      // Joining again by another spelling asks to join the same (still pending) organisation.
      const second = await h.run('marc', '/member join organization:"avocats  sans frontières"');
      expect(second.reply.title).toBe('Request J2 sent');
      expect(await h.db.organization.count()).toBe(1);
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
    'lets only the secretariat settle a new organisation, with its standing, and tells the requester',
    async () => {
      const before = await h.counts();
      expect((await h.run('lea', '/member approve J2')).reply.lines).toEqual([
        'Your request J1 to join Avocats Sans Frontières is waiting for approval. Until then you can read, search, share learnings and answer meetings.',
      ]);
      expect((await h.run('sec', '/member approve J1')).reply.lines).toEqual([
        '• standing: Avocats Sans Frontières is new: give its standing, standing:member or standing:observer',
      ]);
      expect(await h.counts()).toEqual(before);
      const approved = await h.run('sec', '/member approve J1 standing:member');
      expect(approved.ok).toBe(true);
      expect(approved.reply.lines).toEqual(['J1 approved: lea is now listed with Avocats Sans Frontières.']);
      const org = await h.db.organization.findFirstOrThrow();
      expect(org.verifiedAt).not.toBeNull();
      expect(org.status).toBe('MEMBER');
      const lea = await h.db.person.findFirstOrThrow({ where: { displayName: 'lea' } });
      expect(lea.organizationId).toBe(org.id);
      const [told] = await outbox('member.settled', 'lea');
      expect(told?.reply.lines?.[0]).toBe(
        'Your request J1 is approved: you are now listed with Avocats Sans Frontières (member).',
      );
      expect(await h.db.auditEntry.count({ where: { action: 'member.approve', subject: 'J1' } })).toBe(1);
      // Settled is settled: a second press of a button says so and writes nothing.
      const after = await h.counts();
      expect((await h.run('sec', '/member decline J1')).reply.lines).toEqual(['J1 is already approved.']);
      expect(await h.counts()).toEqual(after);
    },
  );

  it.skipIf(!available(provider))(
    'lets an approved member settle a colleague’s request to their own verified organisation',
    async () => {
      const approved = await h.run('lea', '/member approve J2');
      expect(approved.ok).toBe(true);
      const marc = await h.db.person.findFirstOrThrow({
        where: { displayName: 'marc' },
        include: { organization: true },
      });
      expect(marc.organization?.name).toBe('Avocats Sans Frontières');
    },
  );

  it.skipIf(!available(provider))(
    'makes standing the organisation’s: role grants nothing, observers are set by the secretariat',
    async () => {
      const asked = await h.run('ola', '/member join "Open Data Watch" type:civil_society role:member');
      expect(asked.reply.lines).toContain(
        'The role you gave goes with your request; standing belongs to the organisation and is set by the secretariat.',
      );
      expect(
        (
          await h.run(
            'ola',
            '/commitment log title:"Watch list" member:Kenya plan:2024-2028 description:"A description long enough." themes:sdg16',
          )
        ).ok,
      ).toBe(false);
      expect((await h.run('sec', '/member approve J3 standing:observer')).ok).toBe(true);
      const person = await h.db.person.findFirstOrThrow({
        where: { displayName: 'ola' },
        include: { organization: true },
      });
      expect(person.role).toBe('MEMBER');
      expect(person.organization?.status).toBe('OBSERVER');
      const log = await h.run(
        'ola',
        '/commitment log title:"Watch list" member:Kenya plan:2024-2028 description:"A description long enough." themes:sdg16',
      );
      expect(log.reply.lines?.[0]).toContain('only members can do this');
    },
  );

  it.skipIf(!available(provider))(
    'refuses settling another organisation’s request, lists what waits, and declines with a reason in the requester’s language',
    async () => {
      await h.run('eve', '/member profile locale:fr');
      await h.run('eve', '/member join "Avocats Sans Frontières"');
      const before = await h.counts();
      expect((await h.run('ola', '/member approve J4')).reply.lines).toEqual([
        'Only the secretariat or approved members of Avocats Sans Frontières can settle J4.',
      ]);
      expect((await h.run('ola', '/member review')).reply.lines).toEqual(['Nothing here yet.']);
      expect(await h.counts()).toEqual(before);
      expect(await h.text('lea', '/member review')).toContain(
        'J4 · eve → Avocats Sans Frontières (civil society · member)',
      );
      const declined = await h.run('lea', '/member decline J4 reason:"We do not know you yet."');
      expect(declined.reply.lines).toEqual(['J4 declined: eve is told.']);
      const [told] = await outbox('member.settled', 'eve');
      expect(told?.locale).toBe('fr');
      expect(told?.reply.lines?.[0]).toBe(
        'Votre demande J4 pour rejoindre Avocats Sans Frontières a été refusée. Vous pouvez toujours lire, chercher et partager des enseignements (non vérifiés).',
      );
      expect(told?.reply.fields).toContainEqual({ label: 'Motif', value: 'We do not know you yet.' });
      // The audit says a reason was given, never what it said.
      const entry = await h.db.auditEntry.findFirstOrThrow({ where: { action: 'member.decline' } });
      expect(entry.detail).not.toContain('know you');
    },
  );

  it.skipIf(!available(provider))(
    'speaks French once the profile says French, and keeps it after a restart',
    async () => {
      const out = await h.text('lea', '/member profile locale:fr timezone:europe/brussels');
      expect(out).toContain('Fuseau horaire');
      expect(out).toContain('Europe/Brussels');
      expect((await h.db.person.findFirstOrThrow({ where: { displayName: 'lea' } })).timezone).toBe(
        'Europe/Brussels',
      );
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

  it.skipIf(!available(provider))('lists members with their organisation’s standing', async () => {
    await h.run('zed', '/member join "Judiciary" type:government');
    const out = await h.text('marc', '/member list');
    expect(out).toContain('lea — Avocats Sans Frontières (civil society · member)');
    expect(out).toContain('ola — Open Data Watch (civil society · observer)');
    expect(out).toContain('zed — asked to join Judiciary (government · awaiting approval) (J5)');
    expect(out).toContain('sec — none yet (/member join) · secretariat');
    expect(out).not.toContain('pablo');
    expect(out).not.toContain('eve');
  });

  it.skipIf(!available(provider))(
    'removes staff who left: by a colleague or the secretariat, never from another organisation',
    async () => {
      const before = await h.counts();
      expect((await h.run('ola', '/member remove name:marc')).reply.lines).toEqual([
        'Only the secretariat or approved members of Avocats Sans Frontières can remove marc.',
      ]);
      expect(await h.counts()).toEqual(before);
      const removed = await h.run('lea', '/member remove name:marc');
      expect(removed.reply.lines).toEqual(['marc n’est plus inscrit·e avec Avocats Sans Frontières.']);
      expect(
        (await h.db.person.findFirstOrThrow({ where: { displayName: 'marc' } })).organizationId,
      ).toBeNull();
      const [told] = await outbox('member.removed', 'marc');
      expect(told?.reply.lines).toEqual([
        'lea removed you from Avocats Sans Frontières. If this is a mistake, ask them or the secretariat.',
      ]);
      expect(await h.db.auditEntry.count({ where: { action: 'member.remove' } })).toBe(1);
      // A request still waiting is withdrawn by its author.
      expect((await h.run('zed', '/member remove')).reply.lines).toEqual([
        'The request of zed to join Judiciary is withdrawn.',
      ]);
      expect(
        (await h.db.organization.findFirstOrThrow({ where: { name: 'Judiciary' } })).declinedAt,
      ).not.toBeNull();
    },
  );

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
