// POST /mail/inbound over real HTTP: a calendar's REPLY to a real invitation counts as the RSVP;
// every forged or stray message is refused, changes nothing and leaves no trace of its content.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailRoutes } from '../../src/http/mail.routes.ts';
import { createHttpServer, listen } from '../../src/http/server.ts';
import { available, PROVIDERS } from '../helpers/databases.ts';
import { calendarOf, calendarReply, joined, mailHarness, type MailHarness } from '../helpers/mail.ts';

const SECRET = 'an-inbound-mail-secret-of-some-length';
const ANA = 'ana@justice.example.gov';
const BEN = 'ben@namati.example.org';

describe.each(PROVIDERS)('POST /mail/inbound on %s', (provider) => {
  let h: MailHarness;
  let server: http.Server;
  let base = '';
  /** The calendar Ana's invitation carried, as her client holds it. */
  let anaIcs = '';

  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${base}/mail/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'message/rfc822', ...headers },
      body,
    });
  const state = async () => ({
    rsvps: await h.db.rsvp.findMany({ orderBy: { id: 'asc' }, select: { personId: true, answer: true } }),
    audit: await h.db.auditEntry.count(),
    invitations: await h.db.mailInvitation.findMany({ orderBy: { id: 'asc' } }),
  });

  beforeAll(async () => {
    if (!available(provider)) return;
    h = await mailHarness(provider);
    await joined(h, 'ana', 'Ministry of Justice', 'government');
    await joined(h, 'ben', 'Namati', 'civil_society');
    await h.confirm('ana', ANA);
    await h.confirm('ben', BEN);
    await h.run(
      'ana',
      '/meeting schedule title:"Working group" start:"2026-12-03 15:00" timezone:Europe/Paris link:https://meet.example.org/wg agenda:"Survey results"',
    );
    await h.run('ana', '/meeting rsvp M1 yes');
    await h.run('ben', '/meeting rsvp M1 yes');
    const [invite] = await h.inbox(ANA);
    anaIcs = calendarOf(invite!).text;
    await h.inbox(BEN);
    server = createHttpServer({
      ready: () => h.services.ping(),
      log: h.docket.log,
      routes: [mailRoutes({ docket: h.docket, log: h.docket.log, inboundSecret: SECRET })],
    });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it.skipIf(!available(provider))(
    'a decline from the invited address counts as no, is audited, and sends nothing back',
    async () => {
      const res = await post(await calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED' }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'applied', meeting: 'M1', answer: 'NO' });
      const shown = await h.run('ana', '/meeting show M1');
      expect(shown.reply.fields).toContainEqual({ label: 'Answers', value: '1 yes · 0 maybe · 1 no' });
      expect(shown.reply.fields).toContainEqual({ label: 'Your answer', value: 'No' });
      const entry = await h.db.auditEntry.findFirstOrThrow({ where: { action: 'meeting.rsvp.mail' } });
      expect(JSON.parse(entry.detail!)).toEqual({ answer: 'NO' });
      expect(entry.subject).toBe('M1');
      // Her calendar already says no: no cancellation is mailed back at her.
      expect(await h.inbox(ANA)).toEqual([]);
    },
  );

  it.skipIf(!available(provider))('tentative and accepted count as maybe and yes', async () => {
    const maybe = await post(await calendarReply({ from: ANA, ics: anaIcs, partstat: 'TENTATIVE' }));
    expect(await maybe.json()).toMatchObject({ status: 'applied', answer: 'MAYBE' });
    const yes = await post(
      await calendarReply({ from: ANA.toUpperCase(), ics: anaIcs, partstat: 'ACCEPTED' }),
    );
    expect(await yes.json()).toMatchObject({ status: 'applied', answer: 'YES' });
    expect((await h.run('ana', '/meeting show M1')).reply.fields).toContainEqual({
      label: 'Answers',
      value: '2 yes · 0 maybe · 0 no',
    });
    expect(await h.inbox(ANA)).toEqual([]);
  });

  it.skipIf(!available(provider))(
    'refuses whatever does not match what Docket sent, changing nothing',
    async () => {
      const before = await state();
      const cases: [string, Promise<Buffer>][] = [
        // Ben answering for Ana's invitation from his own address, as her.
        ['not_invited', calendarReply({ from: 'mallory@example.org', ics: anaIcs, partstat: 'DECLINED' })],
        [
          'sender_mismatch',
          calendarReply({ from: 'mallory@example.org', attendee: ANA, ics: anaIcs, partstat: 'DECLINED' }),
        ],
        ['sender_mismatch', calendarReply({ from: BEN, attendee: ANA, ics: anaIcs, partstat: 'DECLINED' })],
        [
          'unknown_uid',
          calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', uid: 'meeting-1-99@docket' }),
        ],
        [
          'unknown_uid',
          calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', uid: 'evil@example.org' }),
        ],
        [
          'wrong_organizer',
          calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', organizer: 'boss@example.org' }),
        ],
        ['not_a_reply', calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', method: 'REQUEST' })],
        ['one_attendee', calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', extraAttendee: BEN })],
        ['unsupported_answer', calendarReply({ from: ANA, ics: anaIcs, partstat: 'NEEDS-ACTION' })],
        ['no_calendar', calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED', calendar: false })],
        ['no_calendar', Promise.resolve(Buffer.from('Subject: hello\r\n\r\nJust text.\r\n'))],
      ];
      for (const [reason, body] of cases) {
        const res = await post(await body);
        expect(res.status, reason).toBe(200);
        expect(await res.json(), reason).toEqual({ status: 'refused', reason });
      }
      expect(await state()).toEqual(before);
      // Refusals are logged with their reason and never with what the message said.
      const logged = h.logs.filter((l) => l.includes('inbound mail refused'));
      expect(logged).toHaveLength(cases.length);
      for (const line of h.logs) {
        expect(line).not.toMatch(/mallory|justice\.example|namati\.example|Survey results|DECLINED/i);
      }
    },
  );

  it.skipIf(!available(provider))(
    'an answer from an address that is no longer the person’s does not count',
    async () => {
      await h.confirm('ben', 'ben.new@namati.example.org');
      const [benIcs] = [anaIcs.replace(/mailto:ana@justice\.example\.gov/gi, `mailto:${BEN}`)];
      const before = await state();
      const res = await post(await calendarReply({ from: BEN, ics: benIcs, partstat: 'DECLINED' }));
      expect(await res.json()).toEqual({ status: 'refused', reason: 'not_invited' });
      expect(await state()).toEqual(before);
    },
  );

  it.skipIf(!available(provider))(
    'refuses requests without the secret, or that are not a message',
    async () => {
      const before = await state();
      const reply = await calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED' });
      const missing = await post(reply, { authorization: '' });
      expect(missing.status).toBe(401);
      const wrong = await post(reply, { authorization: 'Bearer not-the-secret-at-all' });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ error: 'wrong_token' });
      const json = await post('{"hello":1}', { 'content-type': 'application/json' });
      expect(json.status).toBe(415);
      const huge = await post(Buffer.alloc(1024 * 1024 + 1, 'a'));
      expect(huge.status).toBe(413);
      const empty = await post('');
      expect(empty.status).toBe(400);
      expect(await state()).toEqual(before);
      expect(h.logs.some((l) => l.includes('not-the-secret-at-all'))).toBe(false);
    },
  );

  it.skipIf(!available(provider))(
    'is off (404) without DOCKET_INBOUND_MAIL_SECRET, and documented',
    async () => {
      const off = createHttpServer({
        ready: () => h.services.ping(),
        log: h.docket.log,
        routes: [mailRoutes({ docket: h.docket, log: h.docket.log })],
      });
      const offBase = `http://127.0.0.1:${await listen(off, 0)}`;
      try {
        const res = await fetch(`${offBase}/mail/inbound`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'message/rfc822' },
          body: await calendarReply({ from: ANA, ics: anaIcs, partstat: 'DECLINED' }),
        });
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ error: 'inbound_mail_off' });
        const doc = (await (await fetch(`${offBase}/api/openapi.json`)).json()) as {
          paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: object } }>>;
        };
        expect(doc.paths['/mail/inbound']?.post?.security).toEqual([{ inboundMail: [] }]);
        expect(Object.keys(doc.paths['/mail/inbound']!.post!.requestBody!.content)).toEqual([
          'message/rfc822',
        ]);
        expect(Object.keys(doc.paths['/mail/unsubscribe/{token}'] ?? {}).sort()).toEqual(['get', 'post']);
      } finally {
        off.close();
      }
    },
  );
});
