// The yearly in-person meeting: places, a waitlist promoted in order, registration questions asked
// in a form, a private export for the organiser, erased by /member forget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReminders } from '../../src/jobs/reminders.job.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { harness, joined, type Harness } from '../helpers/harness.ts';
import { MemoryPlatform } from '../helpers/memory-platform.ts';

describe.each(PROVIDERS)('registration on %s', (provider) => {
  let h: Harness;
  let platform: MemoryPlatform;
  const people = ['p1', 'p2', 'p3', 'p4', 'p5'];
  const status = async (n: number) =>
    Object.fromEntries(
      (
        await h.db.rsvp.findMany({
          where: { meeting: { number: n } },
          include: { person: { select: { displayName: true } } },
        })
      ).map((r) => [r.person.displayName, r.waitlistedAt ? 'WAIT' : r.answer]),
    );

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await harness(provider); // clock 2026-11-27 12:00 UTC
    await joined(h, 'org', 'Ministry', 'government');
    for (const p of people) await joined(h, p, 'Namati', 'civil_society');
    await joined(h, 'obs', 'Watchers', 'civil_society', 'observer');
    platform = new MemoryPlatform('CONSOLE', { events: false });
    h.attach(platform);
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'puts the 4th and 5th "yes" of a 3-place meeting on the waitlist, and promotes the first when a place frees',
    async () => {
      const out = await h.run(
        'org',
        '/meeting schedule title:"Coalition annual meeting" start:"2026-12-10 09:00" kind:in_person location:"OGP Summit, Vitoria-Gasteiz" capacity:3',
      );
      expect(out.ok).toBe(true);
      for (const p of people) {
        const r = await h.run(p, '/meeting rsvp M1 yes');
        expect(r.ok).toBe(true);
        if (p === 'p4')
          expect(r.reply.footer).toBe(
            'All places for M1 are taken: you are on the waitlist and will be told as soon as one frees up.',
          );
      }
      expect(await status(1)).toEqual({ p1: 'YES', p2: 'YES', p3: 'YES', p4: 'WAIT', p5: 'WAIT' });
      const card = await h.run('org', '/meeting show M1');
      const fields = Object.fromEntries((card.reply.fields ?? []).map((f) => [f.label, f.value]));
      expect(fields.Answers).toBe('3 yes · 0 maybe · 0 no'); // the waitlist counts apart
      expect(fields.Places).toBe('3 of 3 taken · 2 waiting');
      expect(
        (await h.run('p5', '/meeting show M1')).reply.fields?.find((f) => f.label === 'Your answer')?.value,
      ).toBe('Yes — on the waitlist');

      // Those waiting are not reminded as attending.
      h.clock.current = new Date('2026-12-09T09:00:00Z');
      await planReminders(h.jobs());
      await h.docket.courier.deliver();
      expect(platform.people.map((s) => s.to.userId).sort()).toEqual(['p1', 'p2', 'p3']);
      platform.sent = [];
      h.clock.current = new Date('2026-11-28T12:00:00Z');

      // One of the three says no: the first in line gets the place and is told; the other still waits.
      expect((await h.run('p2', '/meeting rsvp M1 no')).ok).toBe(true);
      expect(await status(1)).toEqual({ p1: 'YES', p2: 'NO', p3: 'YES', p4: 'YES', p5: 'WAIT' });
      await h.docket.courier.idle();
      await h.docket.courier.deliver();
      const told = platform.people.filter((s) =>
        s.message.reply.lines?.[0]?.toString().startsWith('A place freed up'),
      );
      expect(told.map((s) => s.to.userId)).toEqual(['p4']);
      // Changing one's mind back puts one at the end of the line.
      expect((await h.run('p2', '/meeting rsvp M1 yes')).reply.tone).toBe('warning');
      expect(await status(1)).toEqual({ p1: 'YES', p2: 'WAIT', p3: 'YES', p4: 'YES', p5: 'WAIT' });
      expect((await h.run('p1', '/meeting rsvp M1 maybe')).ok).toBe(true);
      expect(await status(1)).toMatchObject({ p5: 'YES', p2: 'WAIT' });
    },
  );

  it.skipIf(!available(provider))(
    'counts only in-person places for a hybrid meeting, and asks how each one attends',
    async () => {
      await h.run(
        'org',
        '/meeting schedule title:"Hybrid review" start:"2026-12-11 14:00" kind:hybrid location:"The Hague" link:https://meet.example.org/h capacity:1',
      );
      const asked = await h.run('p1', '/meeting rsvp M2 yes');
      expect(asked.ok).toBe(false);
      expect(asked.ask?.fields).toEqual(['attend']);
      expect((await h.run('p1', '/meeting rsvp M2 yes attend:in_person')).ok).toBe(true);
      expect((await h.run('p2', '/meeting rsvp M2 yes attend:remote')).ok).toBe(true);
      expect((await h.run('p3', '/meeting rsvp M2 yes attend:in_person')).reply.tone).toBe('warning');
      expect(await status(2)).toEqual({ p1: 'YES', p2: 'YES', p3: 'WAIT' });
    },
  );

  it.skipIf(!available(provider))(
    'asks the registration questions in a form, keeps the answers private, exports them, and forgets them',
    async () => {
      expect((await h.run('sec', '/coalition settings question:"Do you need a visa letter?"')).ok).toBe(true);
      const scheduled = await h.run(
        'org',
        '/meeting schedule title:"Summit side event" start:"2026-12-12 10:00" kind:in_person location:"Vitoria-Gasteiz" questions:dietary,extra1,accessibility',
      );
      expect(scheduled.ok).toBe(true);
      const before = await h.counts();
      // Through a platform with forms: a "yes" opens a form with the questions, nothing is written yet.
      const forms = new MemoryPlatform('CONSOLE');
      const answers = await forms.handle(h.docket, {
        kind: 'button',
        platform: 'CONSOLE',
        spaceId: 'console',
        userId: 'obs',
        displayName: 'obs',
        button: { command: 'meeting', sub: 'rsvp', input: { id: 'M3', answer: 'yes' }, refresh: true },
        source: { ephemeral: false },
      });
      expect(answers.replies).toEqual([]);
      const form = answers.forms[0]!;
      expect(form.fields.map((f) => [f.key, f.label, f.required])).toEqual([
        ['accessibility', 'Accessibility needs', true],
        ['dietary', 'Dietary needs', true],
        ['extra1', 'Do you need a visa letter?', true],
      ]);
      expect(form.state.hidden).toEqual({ id: 'M3', answer: 'yes' });
      expect(await h.counts()).toEqual(before);
      // The form comes back with the answers: registered.
      const submitted = await forms.handle(h.docket, {
        kind: 'form',
        platform: 'CONSOLE',
        spaceId: 'console',
        userId: 'obs',
        displayName: 'obs',
        form: form.state,
        input: { dietary: 'Vegetarian', accessibility: 'Step-free access', extra1: 'Yes' },
      });
      expect(submitted.last?.reply.footer).toBe('Your answer for M3: Yes.');
      // Typed without a form, the reply says what is missing.
      const typed = await h.run('p1', '/meeting rsvp M3 yes dietary:none');
      expect(typed.reply.lines).toEqual([
        '• accessibility: accessibility: this meeting asks it of everyone who registers',
        '• extra1: Do you need a visa letter?: this meeting asks it of everyone who registers',
      ]);
      expect((await h.run('p1', '/meeting rsvp M3 yes dietary:none accessibility:none extra1:No')).ok).toBe(
        true,
      );
      // A later answer keeps what was given before.
      expect((await h.run('p1', '/meeting rsvp M3 maybe')).ok).toBe(true);
      expect((await h.run('p1', '/meeting rsvp M3 yes')).ok).toBe(true);

      // Only the organiser and the secretariat see the answers.
      expect((await h.run('p2', '/meeting registrations M3')).reply.lines).toEqual([
        'Only the organiser of M3 or the secretariat can see its registrations.',
      ]);
      const list = await h.run('org', '/meeting registrations M3');
      expect(list.reply.visibility).toBe('ephemeral');
      expect(list.reply.lines).toContain(
        'obs (Watchers) — registered · observer · accessibility: Step-free access · dietary: Vegetarian · extra1: Yes',
      );
      const csv = (await h.run('sec', '/meeting registrations M3 format:csv')).reply.attachments?.[0];
      expect(csv?.contentType).toBe('text/csv');
      expect(csv?.content.split('\n')[0]).toBe(
        'name,organisation,type,country,observer,status,waitlist_position,attend,accessibility,dietary,Do you need a visa letter?,answered_at',
      );
      expect(csv?.content).toContain(
        'obs,Watchers,CIVIL_SOCIETY,,yes,CONFIRMED,,,Step-free access,Vegetarian,Yes,',
      );

      // /member forget erases the answers; the registration itself stays counted.
      expect((await h.run('obs', '/member forget confirm:yes')).ok).toBe(true);
      const kept = await h.db.rsvp.findFirstOrThrow({
        where: { meeting: { number: 3 }, person: { displayName: { startsWith: 'erased-' } } },
      });
      expect(kept.answers).toBeNull();
      expect(kept.answer).toBe('YES');
      const after = (await h.run('org', '/meeting registrations M3 format:csv')).reply.attachments?.[0]
        ?.content;
      expect(after).not.toContain('Vegetarian');
      expect(after).not.toContain('Step-free');
    },
  );
});
