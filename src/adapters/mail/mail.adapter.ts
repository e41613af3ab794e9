// Mail as one more platform the core delivers through: the Courier hands it an address and a
// rendered reply; it writes a multipart message (text, HTML, and the calendar part an invitation
// carries) and sends it over SMTP, or, with no SMTP server set, writes it as an .eml file. It
// decides nothing: which mail goes to whom, and whether it may, is the core's.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { MAIL_PLATFORM } from '../../core/delivery.ts';
import type { Logger } from '../../core/log.ts';
import {
  AddressRejectedError,
  PermanentDeliveryError,
  type Address,
  type MessageRef,
  type Outgoing,
  type Platform,
} from '../../core/platform.ts';
import { attachmentBytes } from '../../core/reply.ts';
import { toMail } from './render.ts';

export interface MailOptions {
  /** DOCKET_MAIL_FROM: `docket@example.org` or `Name <docket@example.org>`. */
  from: string;
  /** SMTP_URL; unset: every mail is written as an .eml file under `dir` instead. */
  smtpUrl?: string;
  dir: string;
  /** DKIM signing (DOCKET_DKIM_PRIVATE_KEY, DOCKET_DKIM_SELECTOR) for the sending address's domain. */
  dkim?: { privateKey: string; selector: string };
  /** Gives up on a server that does not answer (tests shorten it). */
  timeoutMs?: number;
}

/** The bare address in `Name <address>` (or the address itself). */
export const bareAddress = (from: string): string => (/<([^>]+)>\s*$/.exec(from)?.[1] ?? from).trim();

/**
 * Headers DKIM covers: nodemailer's usual list (RFC 4871 5.5) plus the one-click unsubscribe
 * header, which RFC 8058 requires signed, and Auto-Submitted.
 */
const SIGNED_HEADERS = [
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type',
  'Content-Transfer-Encoding:Content-ID:Content-Description:In-Reply-To:References',
  'List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:List-Subscribe:List-Post',
  'List-Owner:List-Archive:Auto-Submitted',
].join(':');

/** What the adapter needs of a nodemailer transport (SMTP pool or stream). */
interface Transport {
  sendMail(mail: object): Promise<{ messageId: string; message?: unknown }>;
  close(): void;
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; response?: string };

/**
 * What an SMTP failure means for the courier. Permanent (5xx) refusals of the recipient, or with
 * an enhanced status about the address or its mailbox (5.1.x, 5.2.x), condemn the address; other
 * 5xx after the message was sent condemn this message; anything else (4xx, network, a refusal
 * of our own login or sender) is retried with backoff. The server's text is left out: it often
 * repeats the address.
 */
export function deliveryError(error: unknown): Error {
  const e = error as SmtpError;
  const code = e.responseCode;
  const where = e.command ?? 'connection';
  if (e.code === 'EENVELOPE' && where === 'API') return new AddressRejectedError('not a usable address');
  if (!code || code < 500) return new Error(`mail not sent (${e.code ?? 'error'} ${code ?? ''} at ${where})`);
  const enhanced = /\b5\.(\d)\.\d{1,3}\b/.exec(e.response ?? '')?.[1];
  if (where === 'RCPT TO' || enhanced === '1' || enhanced === '2')
    return new AddressRejectedError(`the recipient was refused (${code})`);
  if (where.startsWith('DATA')) return new PermanentDeliveryError(`the message was refused (${code})`);
  return new Error(`mail not sent (${code} at ${where})`);
}

export class MailPlatform implements Platform {
  readonly name = MAIL_PLATFORM;
  readonly capabilities = { threads: false, events: false };
  private readonly transport: Transport;
  private written = 0;

  constructor(
    private readonly log: Logger,
    private readonly o: MailOptions,
  ) {
    const domain = bareAddress(o.from).split('@')[1] ?? 'localhost';
    const dkim = o.dkim
      ? {
          domainName: domain,
          keySelector: o.dkim.selector,
          privateKey: o.dkim.privateKey,
          headerFieldNames: SIGNED_HEADERS,
        }
      : {};
    this.transport = o.smtpUrl
      ? createTransport({
          url: o.smtpUrl,
          // One connection kept open and reused: a batch of invitations is one SMTP session.
          pool: true,
          maxConnections: 1,
          connectionTimeout: o.timeoutMs ?? 30_000,
          greetingTimeout: o.timeoutMs ?? 30_000,
          socketTimeout: o.timeoutMs ?? 60_000,
          ...(o.dkim ? { dkim } : {}),
        })
      : createTransport({
          streamTransport: true,
          buffer: true,
          newline: 'windows',
          ...(o.dkim ? { dkim } : {}),
        });
  }

  /** Where mail goes: `smtp` or the folder of .eml files. */
  get destination(): string {
    return this.o.smtpUrl ? 'smtp' : this.o.dir;
  }

  async send(to: Address, message: Outgoing): Promise<MessageRef> {
    if (!to.userId) throw new PermanentDeliveryError('mail goes to an address, not a channel');
    const { reply } = message;
    const rendered = toMail(message);
    const calendar = reply.attachments?.find((a) => /^text\/calendar\b/i.test(a.contentType));
    const method = calendar ? /method=([A-Z-]+)/i.exec(calendar.contentType)?.[1]?.toUpperCase() : undefined;
    const files = (reply.attachments ?? []).filter((a) => a !== calendar);
    const headers: Record<string, string> = {};
    // Automatic mail: no out-of-office replies back to it (RFC 3834). Invitations are left
    // without it, so that calendar replies to them are never held back.
    if (!calendar) headers['Auto-Submitted'] = 'auto-generated';
    if (message.unsubscribe) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    const mail = {
      from: this.o.from,
      to: to.userId,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers,
      ...(message.unsubscribe ? { list: { unsubscribe: { url: message.unsubscribe } } } : {}),
      ...(calendar && method
        ? { icalEvent: { method, filename: calendar.filename, content: calendar.content } }
        : {}),
      attachments: files.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: attachmentBytes(a),
      })),
    };
    let info: { messageId: string; message?: unknown };
    try {
      info = await this.transport.sendMail(mail);
    } catch (error) {
      throw deliveryError(error);
    }
    if (!this.o.smtpUrl) await this.writeFile(info.messageId, info.message as Buffer);
    return { channelId: 'mail', messageId: info.messageId };
  }

  private async writeFile(messageId: string, raw: Buffer): Promise<void> {
    await mkdir(this.o.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.o.dir, `${stamp}-${++this.written}-${randomBytes(3).toString('hex')}.eml`);
    await writeFile(file, raw);
    this.log.info({ platform: MAIL_PLATFORM, file, messageId }, 'mail written to a file (no SMTP_URL)');
  }

  async update(): Promise<void> {
    throw new PermanentDeliveryError('mail cannot be changed once sent');
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.transport.close();
  }
}

export const createMailPlatform = (log: Logger, o: MailOptions): MailPlatform => new MailPlatform(log, o);
