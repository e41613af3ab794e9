// The mail platform against a real SMTP server: permanent refusals of an address mark it and tell
// its owner in chat; refusals of one message or of our sender do not condemn the address; 4xx is
// retried with the courier's backoff; without SMTP, mail lands as .eml files; DKIM signs it.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailPlatform, deliveryError } from '../../../src/adapters/mail/mail.adapter.ts';
import { createLogger } from '../../../src/core/log.ts';
import { AddressRejectedError, PermanentDeliveryError, type Outgoing } from '../../../src/core/platform.ts';
import { available, PROVIDERS } from '../../helpers/databases.ts';
import { FakeSmtp } from '../../helpers/fake-smtp.ts';
import { calendarOf, joined, mailHarness, mimeOutline, type MailHarness } from '../../helpers/mail.ts';

const ANA = 'ana@justice.example.gov';

describe.each(PROVIDERS)('mail delivery failures on %s', (provider) => {
  let h: MailHarness;
  beforeAll(async () => {
    if (!available(provider)) return;
    h = await mailHarness(provider);
    await joined(h, 'ana', 'Ministry of Justice', 'government');
    await h.run('ana', '/member profile locale:fr');
    await h.confirm('ana', ANA);
    await h.run(
      'ana',
      '/meeting schedule title:"Working group" start:"2026-12-03 15:00" link:https://meet.example.org/wg',
    );
    await h.run(
      'ana',
      '/meeting schedule title:"Plenary" start:"2026-12-10 15:00" link:https://meet.example.org/plenary',
    );
  });
  afterAll(async () => h?.close());

  it.skipIf(!available(provider))(
    'a server busy (4xx) or refusing our sender is retried with backoff, the address kept',
    async () => {
      h.smtp.onRecipient = () => ({ code: 451, message: '4.7.1 Greylisted, try again later' });
      await h.run('ana', '/meeting rsvp M1 yes');
      expect(await h.inbox(ANA)).toEqual([]);
      const row = await h.db.outboxMessage.findFirstOrThrow({ where: { kind: 'mail.invitation.new' } });
      expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
      // The error kept says where it failed, never what the server said (it repeats the address).
      expect(row.lastError).toBe('mail not sent (EENVELOPE 451 at RCPT TO)');
      h.smtp.onRecipient = () => null;
      h.smtp.onSender = () => ({ code: 550, message: '5.7.1 Relaying denied' });
      h.clock.advance(60_000);
      await h.docket.courier.deliver();
      expect((await h.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('PENDING');
      h.smtp.onSender = () => null;
      h.clock.advance(5 * 60_000);
      const [invite] = await h.inbox(ANA);
      expect(calendarOf(invite!).method).toBe('REQUEST');
      expect(await h.db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        status: 'SENT',
        attempts: 3,
      });
      expect((await h.db.mailAddress.findFirstOrThrow()).undeliverableAt).toBeNull();
    },
  );

  it.skipIf(!available(provider))(
    'a message refused after its data fails alone; the address stays',
    async () => {
      h.smtp.onMessage = () => ({ code: 554, message: '5.7.1 Message content rejected' });
      await h.run('ana', '/meeting rsvp M1 maybe');
      expect(await h.inbox(ANA)).toEqual([]);
      h.smtp.onMessage = () => null;
      const row = await h.db.outboxMessage.findFirstOrThrow({ where: { kind: 'mail.invitation.answer' } });
      expect(row).toMatchObject({ status: 'FAILED', lastError: 'the message was refused (554)' });
      expect((await h.db.mailAddress.findFirstOrThrow()).undeliverableAt).toBeNull();
      expect(h.chat.sent).toEqual([]);
    },
  );

  it.skipIf(!available(provider))(
    'a recipient refused for good (5xx) marks the address and tells its owner in chat, once',
    async () => {
      h.smtp.onRecipient = () => ({ code: 550, message: '5.1.1 <ana@justice.example.gov>: no such user' });
      await h.run('ana', '/meeting rsvp M2 yes');
      expect(await h.inbox(ANA)).toEqual([]);
      await h.docket.courier.idle();
      const mail = await h.db.mailAddress.findFirstOrThrow();
      expect(mail.undeliverableAt).not.toBeNull();
      const told = h.chat.to('ana');
      expect(told).toHaveLength(1);
      expect(told[0]!.message.reply.title).toBe(`Les courriels vers ${ANA} sont refusés`);
      // Nothing more is sent there, and nobody is told twice.
      h.smtp.onRecipient = () => null;
      await h.run('ana', '/meeting rsvp M2 maybe');
      expect(await h.inbox(ANA)).toEqual([]);
      expect(h.chat.to('ana')).toHaveLength(1);
      const status = await h.run('ana', '/member email');
      expect(status.reply.fields?.[0]).toEqual({
        label: 'Adresse',
        value: `${ANA} — refusée par son serveur de courriel : donnez une autre adresse ou confirmez-la à nouveau`,
      });
      // Confirming it again clears the mark; her calendar gets what it missed, M1's lost update too.
      await h.confirm('ana', ANA);
      const missed = (await h.inbox(ANA)).map((m) => calendarOf(m).event);
      expect(missed.map((e) => e.getFirstPropertyValue('summary'))).toEqual([
        'M1 · Working group',
        'M2 · Plenary',
      ]);
      expect(missed.map((e) => e.getFirstProperty('attendee')!.getParameter('partstat'))).toEqual([
        'TENTATIVE',
        'TENTATIVE',
      ]);
      // Higher than any copy written before (M1 had 0 delivered and 1 refused; M2 only 0, refused).
      expect(missed.map((e) => e.getFirstPropertyValue('sequence'))).toEqual([2, 1]);
      expect((await h.db.mailAddress.findFirstOrThrow()).undeliverableAt).toBeNull();
    },
  );
});

describe('mail without SMTP, and DKIM', () => {
  const quiet = createLogger('error', { write: () => true } as unknown as NodeJS.WritableStream);
  const message: Outgoing = {
    locale: 'en',
    timeZone: 'Europe/Paris',
    reply: {
      visibility: 'ephemeral',
      title: 'Invitation: M1 · Working group',
      lines: ['Hello.'],
      attachments: [
        {
          filename: 'invite.ics',
          contentType: 'text/calendar; method=REQUEST',
          content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n',
        },
      ],
    },
  };
  const to = { platform: 'EMAIL', spaceId: '1', userId: ANA };
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'docket-mail-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each mail as an .eml file a mail client opens, with the same structure', async () => {
    const files = createMailPlatform(quiet, { from: 'Docket <docket@example.org>', dir });
    await files.send(to, message);
    await files.send(to, { ...message, reply: { ...message.reply, attachments: [] } });
    const written = readdirSync(dir).sort();
    expect(written).toHaveLength(2);
    expect(written.every((f) => f.endsWith('.eml'))).toBe(true);
    const raw = readFileSync(path.join(dir, written[0]!));
    expect(raw.toString()).toContain('\r\n');
    expect(mimeOutline(raw)).toEqual([
      'multipart/mixed',
      '  multipart/alternative',
      '    text/plain; charset=utf-8',
      '    text/html; charset=utf-8',
      '    text/calendar; charset=utf-8; method=REQUEST',
      '  application/ics; name=invite.ics',
    ]);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Invitation: M1 · Working group');
    expect(mimeOutline(readFileSync(path.join(dir, written[1]!)))).toEqual([
      'multipart/alternative',
      '  text/plain; charset=utf-8',
      '  text/html; charset=utf-8',
    ]);
    await files.stop();
  });

  it('signs with DKIM for the sending domain when a key is set; the signature verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const smtp = await new FakeSmtp().start();
    const mail = createMailPlatform(quiet, {
      from: 'Docket <docket@coalition.example.org>',
      smtpUrl: smtp.url,
      dir: '',
      dkim: {
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        selector: 'docket',
      },
    });
    try {
      await mail.send(to, {
        ...message,
        unsubscribe: 'https://docket.example.org/mail/unsubscribe/1.digest.x',
      });
      const raw = smtp.received[0]!.raw.toString();
      const dkim = verifyDkim(raw, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })));
      expect(dkim.tags.d).toBe('coalition.example.org');
      expect(dkim.tags.s).toBe('docket');
      // RFC 8058: the one-click headers are covered by the signature.
      expect(dkim.tags.h!.toLowerCase().split(':')).toEqual(
        expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
      );
      expect(dkim.bodyHashOk).toBe(true);
      expect(dkim.signatureOk).toBe(true);
    } finally {
      await mail.stop();
      await smtp.stop();
    }
  });

  it('reads SMTP failures the way the courier needs them', () => {
    const smtp = (code: number, command: string, response: string) =>
      Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: code, command, response });
    expect(deliveryError(smtp(550, 'RCPT TO', '550 5.1.1 no such user'))).toBeInstanceOf(
      AddressRejectedError,
    );
    // Mailbox full, said only after the data: still about the address.
    expect(deliveryError(smtp(552, 'DATA', '552 5.2.2 mailbox full'))).toBeInstanceOf(AddressRejectedError);
    const content = deliveryError(smtp(554, 'DATA', '554 5.7.1 spam'));
    expect(content).toBeInstanceOf(PermanentDeliveryError);
    expect(content).not.toBeInstanceOf(AddressRejectedError);
    for (const transient of [
      smtp(451, 'RCPT TO', '451 4.7.1 greylisted'),
      smtp(535, 'AUTH PLAIN', '535 5.7.8 bad credentials'),
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }),
    ])
      expect(deliveryError(transient)).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

/** A relaxed/relaxed DKIM check (RFC 6376), enough to prove what nodemailer signs verifies. */
function verifyDkim(raw: string, key: ReturnType<typeof createPublicKey>) {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const headers = headerText.split(/\r\n(?![ \t])/).map((h) => {
    const i = h.indexOf(':');
    return { name: h.slice(0, i).trim().toLowerCase(), value: h.slice(i + 1) };
  });
  const relaxed = (h: { name: string; value: string }) =>
    `${h.name}:${h.value
      .replace(/\r\n/g, '')
      .replace(/[ \t]+/g, ' ')
      .trim()}`;
  const signature = headers.find((h) => h.name === 'dkim-signature')!;
  const tags = Object.fromEntries(
    signature.value
      .replace(/\r\n/g, '')
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')).trim(), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]),
  ) as Record<string, string>;
  const canonicalBody =
    body
      .split('\r\n')
      .map((l) => l.replace(/[ \t]+/g, ' ').replace(/ +$/, ''))
      .join('\r\n')
      .replace(/(\r\n)*$/, '') + '\r\n';
  const bodyHashOk = createHash('sha256').update(canonicalBody).digest('base64') === tags.bh;
  const signed = tags.h!.split(':').map((name) => {
    const found = [...headers].reverse().find((h) => h.name === name.toLowerCase());
    return found ? `${relaxed(found)}\r\n` : '';
  });
  const unsigned = relaxed({ name: 'dkim-signature', value: signature.value.replace(/b=[^;]*$/, 'b=') });
  const data = signed.join('') + unsigned;
  const signatureOk = verify('sha256', Buffer.from(data), key, Buffer.from(tags.b!, 'base64'));
  return { tags, bodyHashOk, signatureOk };
}
