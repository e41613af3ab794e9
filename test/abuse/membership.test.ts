// Abuse: who may speak for an organisation. Each attack is tried as a hostile member would, and
// must end in a clear refusal with nothing written (or, where the attack is only a claim, in a
// mark that nothing verified follows from it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';

const UPDATE = '/commitment update C1 completion:complete note:"Done, trust us."';
const LOG =
  '/commitment log title:"A commitment of ours" member:Kenya plan:2024-2028 description:"We say we did this." themes:sdg16';

describe.each(PROVIDERS)('abuse: membership on %s', (provider) => {
  let h: Harness;
  /** Runs a line that must be refused: returns its message; asserts nothing was written. */
  const refused = async (person: string, line: string) => {
    const before = await h.counts();
    const outcome = await h.run(person, line);
    expect(outcome.ok, line).toBe(false);
    expect(outcome.reply.tone, line).toBe('error');
    expect(await h.counts(), line).toEqual(before);
    return (outcome.reply.lines ?? []).join('\n');
  };
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider);
    await h.run('sec', '/member review');
    await joined(h, 'min', 'Ministry of Justice', 'government');
    await h.run(
      'min',
      '/commitment log title:"Open court hearings" member:Kenya plan:2024-2028 description:"Hearing lists online." themes:open_justice_institutions',
    );
    await joined(h, 'ngo', 'Namati', 'civil_society');
    await joined(h, 'obs', 'Open Data Watch', 'civil_society', 'observer');
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'a stranger joining an existing organisation by its name gets a request, not its commitments',
    async () => {
      const asked = await h.run('mallory', '/member join "ministry of justice"');
      expect(asked.reply.title).toMatch(/^Request J\d+ sent$/);
      const mallory = await h.db.person.findFirstOrThrow({ where: { displayName: 'mallory' } });
      expect(mallory.organizationId).toBeNull();
      expect(await refused('mallory', UPDATE)).toMatch(
        /^Your request J\d+ to join Ministry of Justice is waiting for approval\./,
      );
      expect(await refused('mallory', LOG)).toContain('is waiting for approval');
      expect(
        await refused(
          'mallory',
          '/meeting schedule title:"Our call" start:"2027-01-05 10:00" link:https://meet.example.org/x',
        ),
      ).toContain('is waiting for approval');
      expect((await h.db.commitment.findFirstOrThrow()).completion).toBe('NOT_STARTED');
    },
  );

  it.skipIf(!available(provider))('someone who joined nothing may only read and search', async () => {
    expect(
      await refused(
        'nobody',
        '/learning share title:"Hello" summary:"Something to share here." themes:sdg16',
      ),
    ).toBe('Join an organisation first: /member join organization:"Your organisation" type:civil_society.');
    expect(await refused('nobody', '/meeting rsvp M1 yes')).toContain('Join an organisation first');
    expect((await h.run('nobody', '/commitment list')).ok).toBe(true);
  });

  it.skipIf(!available(provider))(
    'a member of another organisation cannot approve a request to the ministry, nor remove its staff',
    async () => {
      const j = (await h.db.joinRequest.findFirstOrThrow({ where: { status: 'PENDING' } })).number;
      expect(await refused('ngo', `/member approve J${j}`)).toBe(
        `Only the secretariat or approved members of Ministry of Justice can settle J${j}.`,
      );
      expect(await refused('ngo', `/member decline J${j}`)).toContain(
        'Only the secretariat or approved members',
      );
      expect(await refused('ngo', '/member remove name:min')).toBe(
        'Only the secretariat or approved members of Ministry of Justice can remove min.',
      );
      expect(await refused('obs', `/member approve J${j} standing:member`)).toContain(
        'Only the secretariat or approved members of Ministry of Justice',
      );
    },
  );

  it.skipIf(!available(provider))(
    'a member cannot settle a request for a new organisation, nor set an organisation’s standing',
    async () => {
      await h.run('eve', '/member join "Ghost Ministry" type:government');
      const j = (await h.db.joinRequest.findFirstOrThrow({ where: { person: { displayName: 'eve' } } }))
        .number;
      expect(await refused('min', `/member approve J${j} standing:member`)).toBe(
        `Ghost Ministry is not approved yet: only the secretariat can settle J${j}.`,
      );
      // The pending requester cannot approve anything at all, their own request included.
      expect(await refused('eve', `/member approve J${j} standing:member`)).toContain(
        'is waiting for approval',
      );
      // A member of an observer organisation cannot make it a member one by approving a colleague.
      await h.run('obs2', '/member join "Open Data Watch"');
      const k = (await h.db.joinRequest.findFirstOrThrow({ where: { person: { displayName: 'obs2' } } }))
        .number;
      expect(await refused('obs', `/member approve J${k} standing:member`)).toBe(
        'Open Data Watch is already approved as observer; leave standing out.',
      );
      expect((await h.run('obs', `/member approve J${k}`)).ok).toBe(true);
      expect(await refused('obs2', LOG)).toContain('only members can do this');
    },
  );

  it.skipIf(!available(provider))(
    'role:member grants nothing, role:secretariat is no choice at all, and no one hops organisations',
    async () => {
      await h.run('ola', '/member join "Open Data Watch" role:member');
      expect(await refused('ola', LOG)).toContain('is waiting for approval');
      expect(await refused('zed', '/member join "Namati" role:secretariat')).toContain(
        '• role: choose one of',
      );
      expect(await refused('obs', '/member join "Ministry of Justice" role:member')).toBe(
        'You are listed with Open Data Watch. To move, leave it first with /member remove, then ask again.',
      );
    },
  );

  it.skipIf(!available(provider))(
    'a learning shared while waiting is marked unverified and counted for no organisation, until approved',
    async () => {
      const shared = await h.run(
        'mallory',
        '/learning share title:"The ministry says" summary:"An official position, supposedly." themes:sdg16',
      );
      expect(shared.ok).toBe(true);
      const row = await h.db.learning.findFirstOrThrow({ where: { title: 'The ministry says' } });
      expect(row).toMatchObject({ verified: false, orgType: null });
      expect(await h.text('min', '/learning list')).toContain('The ministry says — SDG 16 · unverified');
      const report = await h.services.reports.annual(row.coalitionId, 2026);
      expect(report.learnings.unverified).toBe(1);
      expect(report.learnings.byOrgType.GOVERNMENT).toBe(0);
      // Declined: the claim on the ministry goes, the mark stays.
      const j = (await h.db.joinRequest.findFirstOrThrow({ where: { person: { displayName: 'mallory' } } }))
        .number;
      expect((await h.run('min', `/member decline J${j} reason:"Not one of us."`)).ok).toBe(true);
      expect(await h.db.learning.findFirstOrThrow({ where: { title: 'The ministry says' } })).toMatchObject({
        verified: false,
        organizationId: null,
      });
      // A replayed Approve button after the decline changes nothing.
      expect(await refused('min', `/member approve J${j}`)).toBe(`J${j} is already declined.`);
    },
  );

  it.skipIf(!available(provider))(
    'an RSVP while waiting is counted apart and marked; the approval clears the mark',
    async () => {
      await h.run(
        'min',
        '/meeting schedule title:"Ministry call" start:"2027-01-05 10:00" link:https://meet.example.org/m',
      );
      await h.run('kim', '/member join "Ministry of Justice"');
      expect((await h.run('kim', '/meeting rsvp M1 yes')).ok).toBe(true);
      const rsvp = () => h.db.rsvp.findFirstOrThrow({ where: { person: { displayName: 'kim' } } });
      expect(await rsvp()).toMatchObject({ observer: true, verified: false });
      const j = (await h.db.joinRequest.findFirstOrThrow({ where: { person: { displayName: 'kim' } } }))
        .number;
      expect((await h.run('min', `/member approve J${j}`)).ok).toBe(true);
      expect(await rsvp()).toMatchObject({ observer: false, verified: true });
      // And the colleague approved by a ministry member can now update the ministry's commitment.
      expect((await h.run('kim', UPDATE)).ok).toBe(true);
    },
  );

  it.skipIf(!available(provider))(
    'two people pressing Approve and Decline at once: one settles, the other is told, nothing doubles',
    async () => {
      await h.run('twin', '/member join "Ministry of Justice"');
      const j = (await h.db.joinRequest.findFirstOrThrow({ where: { person: { displayName: 'twin' } } }))
        .number;
      const [a, b] = await Promise.all([
        h.run('min', `/member approve J${j}`),
        h.run('kim', `/member decline J${j}`),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const loser = a.ok ? b : a;
      expect(loser.reply.lines?.[0]).toMatch(new RegExp(`^J${j} is already (approved|declined)\\.$`));
      const settled = await h.db.auditEntry.count({
        where: { subject: `J${j}`, action: { in: ['member.approve', 'member.decline'] } },
      });
      expect(settled).toBe(1);
    },
  );

  it.skipIf(!available(provider))('everything about membership is audited', async () => {
    const actions = new Set((await h.db.auditEntry.findMany()).map((a) => a.action));
    for (const a of ['member.join', 'member.approve', 'member.decline']) expect(actions).toContain(a);
  });
});
