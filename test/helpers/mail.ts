// Mail in tests: a harness with the real mail adapter sending to a local SMTP server, a memory
// chat platform for what people are told in chat, and readers for what arrived (the MIME tree,
// the calendar part through ical.js).
import ICAL from 'ical.js';
import { createTransport } from 'nodemailer';
import { createMailPlatform, type MailPlatform } from '../../src/adapters/mail/mail.adapter.ts';
import type { Provider } from './databases.ts';
import { FakeSmtp, type Received } from './fake-smtp.ts';
import { harness, joined, type Harness } from './harness.ts';
import { MemoryPlatform } from './memory-platform.ts';

export const SENDER = 'docket@coalition.example.org';
export const PUBLIC_URL = 'https://docket.example.org';

export interface MailHarness extends Harness {
  smtp: FakeSmtp;
  mail: MailPlatform;
  /** The console people type in, as a chat platform: notices sent on the bot's own land here. */
  chat: MemoryPlatform;
  /** Waits for the courier, then returns what arrived for `address` since the last call. */
  inbox(address: string): Promise<Received[]>;
  /** Confirms `address` for `person` the way a person would: the code read from the mail. */
  confirm(person: string, address: string): Promise<void>;
}

export async function mailHarness(provider: Provider, o: { admins?: string[] } = {}): Promise<MailHarness> {
  const smtp = await new FakeSmtp().start();
  const h = await harness(provider, {
    admins: o.admins,
    mail: { from: SENDER, publicUrl: PUBLIC_URL, fileDir: null },
  });
  const quiet = h.docket.log;
  const mail = createMailPlatform(quiet, {
    from: `OGP Justice Coalition <${SENDER}>`,
    smtpUrl: smtp.url,
    dir: '',
    timeoutMs: 5000,
  });
  const chat = new MemoryPlatform('CONSOLE');
  h.attach(mail);
  h.attach(chat);
  const closeHarness = h.close;
  const seen = new Map<string, number>();
  const inbox = async (address: string) => {
    await h.docket.courier.idle();
    await h.docket.courier.deliver();
    const all = smtp.to(address);
    const from = seen.get(address) ?? 0;
    seen.set(address, all.length);
    return all.slice(from);
  };
  return Object.assign(h, {
    smtp,
    mail,
    chat,
    inbox,
    async confirm(person: string, address: string) {
      // Codes are a minute apart: a test confirming twice is a person waiting that minute.
      h.clock.advance(61_000);
      const asked = await h.run(person, `/member email address:${address}`);
      if (!asked.ok) throw new Error(`address refused: ${JSON.stringify(asked.reply)}`);
      const [codeMail] = await inbox(address);
      const code = /\b(\d{6})\b/.exec(codeMail?.mail.subject ?? '')?.[1];
      if (!code) throw new Error(`no code arrived for ${address}`);
      const done = await h.run(person, `/member email code:${code}`);
      if (!done.ok || done.reply.tone === 'error')
        throw new Error(`code refused: ${JSON.stringify(done.reply)}`);
    },
    async close() {
      await closeHarness();
      await mail.stop();
      await smtp.stop();
    },
  });
}

export { joined };

/** The MIME tree of a raw message, one part a line, indented by depth: `multipart/mixed` … */
export function mimeOutline(raw: Buffer | string): string[] {
  const out: string[] = [];
  const walk = (part: string, depth: number) => {
    const split = part.search(/\r?\n\r?\n/);
    const head = (split < 0 ? part : part.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
    const body = split < 0 ? '' : part.slice(split).replace(/^\r?\n\r?\n/, '');
    const type = /^content-type:\s*([^\r\n]+)/im.exec(head)?.[1]?.trim() ?? 'text/plain';
    const [media, ...params] = type.split(';').map((s) => s.trim());
    const shown = params.filter((p) => /^(charset|method|name)=/i.test(p));
    out.push(`${'  '.repeat(depth)}${[media!.toLowerCase(), ...shown].join('; ')}`);
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!media!.toLowerCase().startsWith('multipart/') || !boundary) return;
    const pieces = body.split(`--${boundary}`);
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      walk(piece.replace(/^\r?\n/, ''), depth + 1);
    }
  };
  walk(typeof raw === 'string' ? raw : raw.toString('utf8'), 0);
  return out;
}

/** The calendar part of a received mail, parsed by ical.js (what a calendar client would read). */
export function calendarOf(received: Received) {
  const part = received.mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!part) throw new Error('no text/calendar part');
  const text = part.content.toString('utf8');
  const cal = new ICAL.Component(ICAL.parse(text));
  const event = cal.getFirstSubcomponent('vevent')!;
  return { text, cal, event, method: String(cal.getFirstPropertyValue('method')) };
}

/**
 * A calendar client's answer to an invitation, as raw MIME: the invitation's own calendar turned
 * into a REPLY (or whatever `method` says) with one attendee and their PARTSTAT. Overrides forge
 * the parts a hostile sender would.
 */
export async function calendarReply(o: {
  from: string;
  ics: string;
  partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'NEEDS-ACTION';
  method?: string;
  attendee?: string;
  organizer?: string;
  uid?: string;
  extraAttendee?: string;
  calendar?: boolean;
}): Promise<Buffer> {
  const cal = new ICAL.Component(ICAL.parse(o.ics));
  cal.updatePropertyWithValue('method', o.method ?? 'REPLY');
  const event = cal.getFirstSubcomponent('vevent')!;
  event.removeAllProperties('attendee');
  for (const address of [o.attendee ?? o.from, ...(o.extraAttendee ? [o.extraAttendee] : [])]) {
    const p = new ICAL.Property('attendee');
    p.setValue(`mailto:${address}`);
    p.setParameter('partstat', o.partstat);
    event.addProperty(p);
  }
  if (o.organizer) event.updatePropertyWithValue('organizer', `mailto:${o.organizer}`);
  if (o.uid) event.updatePropertyWithValue('uid', o.uid);
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: o.from,
    to: SENDER,
    subject: `${o.partstat}: an invitation`,
    text: 'Sent from my calendar.',
    ...(o.calendar === false ? {} : { icalEvent: { method: o.method ?? 'REPLY', content: cal.toString() } }),
  });
  return info.message as Buffer;
}

/** A header exactly as it was written (mailparser folds List-* headers into objects). */
export function rawHeader(received: Received, name: string): string | undefined {
  const line = received.mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
