// An inbound mail (raw MIME, as providers' inbound webhooks deliver it) read into what the core
// needs to judge a calendar reply: the sender's address and the calendar parts. Nothing else of
// the message is kept.
import { simpleParser } from 'mailparser';
import type { InboundMail } from '../../core/calendar-replies.ts';

const CALENDAR = /^(text\/calendar|application\/ics)$/i;

export async function readInboundMail(raw: Uint8Array): Promise<InboundMail> {
  const parsed = await simpleParser(Buffer.from(raw), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const from =
    parsed.from?.value
      .find((a) => a.address)
      ?.address?.trim()
      .toLowerCase() ?? null;
  const calendars = parsed.attachments
    .filter((a) => CALENDAR.test(a.contentType) && a.size <= 256 * 1024)
    .map((a) => a.content.toString('utf8'));
  return { from, calendars };
}
