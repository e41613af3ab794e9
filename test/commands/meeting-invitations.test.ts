// Meeting invitations by mail, end to end: commands in chat, the outbox and the courier, the real
// mail adapter and nodemailer, a real SMTP server on 127.0.0.1; what arrives is parsed back with
// mailparser and its calendar part with ical.js, as a calendar client would read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { calendarOf, joined, mailHarness, mimeOutline, SENDER, type MailHarness } from '../helpers/mail.ts';

const ANA = 'ana@justice.example.gov';
const BEN = 'Ben.Okoro@namati.example.org';
const ZOE = 'zoe@example.org';

describe.each(PROVIDERS)('meeting invitations by mail on %s', (provider) => {
  let h: MailHarness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await mailHarness(provider); // coalition zone Europe/Paris; clock 2026-11-27 12:00 UTC
    await joined(h, 'ana', 'Ministerio de Justicia', 'government');
    await joined(h, 'ben', 'Namati', 'civil_society');
    await joined(h, 'zoe', 'Watchers', 'civil_society', 'observer');
    await h.run('ana', '/member profile locale:es timezone:America/Bogota');
    await h.confirm('ana', ANA);
    await h.confirm('ben', BEN);
    await h.run(
      'ben',
      '/meeting schedule title:"Justice data working group" start:"2026-12-03 15:00" timezone:Europe/Paris duration:90 link:https://meet.example.org/jdwg agenda:"Survey results"',
    );
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'answering yes in chat sends one invitation a calendar accepts, to that person alone',
    async () => {
      const out = await h.run('ana', '/meeting rsvp M1 yes');
      expect(out.ok).toBe(true);
      const [invite, ...more] = await h.inbox(ANA);
      expect(more).toEqual([]);
      expect(invite!.to).toEqual([ANA]);
      expect(invite!.mail.to).toMatchObject({ value: [{ address: ANA }] });
      expect(invite!.mail.from?.value[0]).toEqual({ address: SENDER, name: 'OGP Justice Coalition' });
      expect(mimeOutline(invite!.raw)).toEqual([
        'multipart/mixed',
        '  multipart/alternative',
        '    text/plain; charset=utf-8',
        '    text/html; charset=utf-8',
        '    text/calendar; charset=utf-8; method=REQUEST',
        '  application/ics; name=invite.ics',
      ]);
      // In her language, with times in her zone.
      expect(invite!.mail.subject).toBe('Invitación: M1 · Justice data working group');
      expect(invite!.mail.text).toContain('jue 3 dic 2026, 09:00');
      expect(invite!.mail.html).toContain('<a href="https://meet.example.org/jdwg">');
      const { cal, event, method, text } = calendarOf(invite!);
      expect(method).toBe('REQUEST');
      expect(event.getFirstPropertyValue('uid')).toBe(`meeting-1-1@docket`);
      expect(event.getFirstPropertyValue('sequence')).toBe(0);
      expect(event.getFirstPropertyValue('organizer')).toBe(`mailto:${SENDER}`);
      const attendees = event.getAllProperties('attendee');
      expect(attendees.map((a) => a.getFirstValue())).toEqual([`mailto:${ANA}`]);
      expect(attendees[0]!.getParameter('rsvp')).toBe('TRUE');
      expect(attendees[0]!.getParameter('partstat')).toBe('ACCEPTED');
      // The organiser's zone travels with it, so every calendar places it right.
      expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
      expect(event.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
      const start = event.getFirstPropertyValue('dtstart') as unknown as { toString(): string };
      expect(start.toString()).toBe('2026-12-03T15:00:00');
      expect(event.getFirstPropertyValue('location')).toBe('https://meet.example.org/jdwg');
      // No other attendee's address anywhere in it.
      expect(invite!.raw.toString()).not.toContain('namati');
      expect(text).not.toMatch(/namati/i);
    },
  );

  it.skipIf(!available(provider))(
    'the same answer again sends nothing; a changed one an update',
    async () => {
      await h.run('ana', '/meeting rsvp M1 yes');
      expect(await h.inbox(ANA)).toEqual([]);
      await h.run('ana', '/meeting rsvp M1 maybe');
      const [update] = await h.inbox(ANA);
      const { event, method } = calendarOf(update!);
      expect(method).toBe('REQUEST');
      expect(event.getFirstPropertyValue('sequence')).toBe(1);
      expect(event.getFirstProperty('attendee')!.getParameter('partstat')).toBe('TENTATIVE');
    },
  );

  it.skipIf(!available(provider))(
    'a reschedule updates every invited calendar with a higher SEQUENCE, once',
    async () => {
      await h.run('ben', '/meeting rsvp M1 yes');
      const [benInvite] = await h.inbox(BEN);
      expect(calendarOf(benInvite!).event.getFirstPropertyValue('sequence')).toBe(0);
      const moved = await h.run(
        'ben',
        '/meeting reschedule M1 start:"2026-12-04 10:00" timezone:Europe/Paris',
      );
      expect(moved.ok).toBe(true);
      const [anaUpdate, ...anaMore] = await h.inbox(ANA);
      const [benUpdate, ...benMore] = await h.inbox(BEN);
      expect([...anaMore, ...benMore]).toEqual([]);
      expect(anaUpdate!.mail.subject).toBe('Actualizada: M1 · Justice data working group');
      const ana = calendarOf(anaUpdate!).event;
      const ben = calendarOf(benUpdate!).event;
      // Higher than anything each calendar saw before (Ana's copy was at 1, Ben's at 0).
      expect(ana.getFirstPropertyValue('sequence')).toBe(2);
      expect(ben.getFirstPropertyValue('sequence')).toBe(1);
      expect(String(ana.getFirstPropertyValue('dtstart'))).toBe('2026-12-04T10:00:00');
      expect(ana.getFirstPropertyValue('uid')).toBe(ben.getFirstPropertyValue('uid'));
      // Moving it to the same time again changes nothing and sends nothing.
      await h.run('ben', '/meeting reschedule M1 start:"2026-12-04 10:00" timezone:Europe/Paris');
      expect([...(await h.inbox(ANA)), ...(await h.inbox(BEN))]).toEqual([]);
    },
  );

  it.skipIf(!available(provider))(
    'a "no" cancels it in that calendar only; a later yes invites again, higher',
    async () => {
      await h.run('ana', '/meeting rsvp M1 no');
      const [cancel] = await h.inbox(ANA);
      expect(mimeOutline(cancel!.raw)).toContain('    text/calendar; charset=utf-8; method=CANCEL');
      const c = calendarOf(cancel!);
      expect(c.method).toBe('CANCEL');
      expect(c.event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(c.event.getFirstPropertyValue('sequence')).toBe(3);
      expect(cancel!.mail.subject).toBe('Quitada de su calendario: M1 · Justice data working group');
      expect(await h.inbox(BEN)).toEqual([]);
      await h.run('ana', '/meeting rsvp M1 yes');
      const [again] = await h.inbox(ANA);
      expect(calendarOf(again!).method).toBe('REQUEST');
      expect(calendarOf(again!).event.getFirstPropertyValue('sequence')).toBe(4);
    },
  );

  it.skipIf(!available(provider))(
    'a button press counts like a typed answer, and people without a confirmed address get nothing',
    async () => {
      // Zoe answers by button; she gave an address but never confirmed it.
      await h.run('zoe', `/member email address:${ZOE}`);
      const codes = await h.inbox(ZOE);
      expect(codes).toHaveLength(1);
      const answers = await h.chat.handle(h.docket, {
        platform: 'CONSOLE',
        spaceId: 'console',
        userId: 'zoe',
        displayName: 'zoe',
        kind: 'button',
        button: { command: 'meeting', sub: 'rsvp', input: { id: 'M1', answer: 'yes' }, refresh: true },
        source: { ephemeral: false },
      });
      expect(answers.last?.reply.tone).toBe('success');
      expect(await h.inbox(ZOE)).toEqual([]);
      expect(await h.db.mailInvitation.count({ where: { person: { displayName: 'zoe' } } })).toBe(0);
    },
  );

  it.skipIf(!available(provider))(
    'invitations:off stops them; cancelling the meeting cancels it for the invited',
    async () => {
      await h.run('ben', '/member email invitations:off');
      await h.run('ben', '/meeting rsvp M1 maybe');
      expect(await h.inbox(BEN)).toEqual([]);
      const out = await h.run('ben', '/meeting cancel M1 reason:"Moved to the plenary"');
      expect(out.ok).toBe(true);
      const [cancel] = await h.inbox(ANA);
      expect(calendarOf(cancel!).method).toBe('CANCEL');
      expect(cancel!.mail.subject).toBe('Cancelada: M1 · Justice data working group');
      expect(cancel!.mail.text).toContain('CANCELADA');
      // Ben turned invitations off: his calendar is no longer written to.
      expect(await h.inbox(BEN)).toEqual([]);
      // Written once per change: the outbox holds each key once, and nothing is left to send.
      const rows = await h.db.outboxMessage.findMany({ where: { kind: { startsWith: 'mail.invitation' } } });
      expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      expect(rows.every((r) => r.status === 'SENT')).toBe(true);
    },
  );
});
