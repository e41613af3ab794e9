// Neutral reply → a mail's subject, plain text and HTML. Pure, so it is tested against exact
// output. Member text is escaped in HTML and neutralised everywhere; links are live only when they
// are http(s); instants are written in the reader's zone and language.
import type { Outgoing } from '../../core/platform.ts';
import { renderSpans, type RichText } from '../../core/reply.ts';
import { neutralize } from '../../core/text.ts';
import { formatInstant } from '../../core/time.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const oneLine = (s: string) => neutralize(s.replace(/\s*[\r\n]+\s*/g, ' ')).trim();
const isWebLink = (url: string) => /^https?:\/\//i.test(url);

const STYLE = {
  body: 'margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;background:#ffffff',
  h1: 'font-size:19px;line-height:1.3;margin:0 0 12px',
  p: 'margin:0 0 10px',
  table: 'border-collapse:collapse;margin:8px 0 16px',
  th: 'text-align:left;vertical-align:top;padding:2px 16px 2px 0;color:#555555;font-weight:normal',
  td: 'vertical-align:top;padding:2px 0',
  small: 'margin:16px 0 0;font-size:12px;color:#666666',
};

export function toMail(message: Outgoing): RenderedMail {
  const { reply, locale, timeZone } = message;
  const time = (at: Date) => formatInstant(at, locale, timeZone);
  const plain = (text: RichText) =>
    neutralize(renderSpans(text, { time, link: (url, label) => (label ? `${label} <${url}>` : url) }));
  const rich = (text: RichText) =>
    renderSpans(text, {
      time: (at) => escapeHtml(time(at)),
      link: (url, label) =>
        isWebLink(url)
          ? `<a href="${escapeHtml(url)}">${escapeHtml(neutralize(label ?? url))}</a>`
          : escapeHtml(neutralize(label ? `${label} <${url}>` : url)),
    });
  // Plain strings in rich text are member text too: escaped piece by piece.
  const html = (text: RichText) =>
    (typeof text === 'string' ? [text] : text)
      .map((span) => (typeof span === 'string' ? escapeHtml(neutralize(span)) : rich([span])))
      .join('')
      .replace(/\r?\n/g, '<br>');

  const subject = oneLine(reply.title ?? '');
  const lines = reply.lines ?? [];
  const fields = reply.fields ?? [];
  const footer = reply.footer ? neutralize(reply.footer) : '';

  const text = [
    ...(subject ? [subject, ''] : []),
    ...lines.flatMap((l) => [plain(l), '']),
    ...fields.map((f) => `${oneLine(f.label)}: ${plain(f.value).replace(/\r?\n/g, ' ')}`),
    ...(fields.length ? [''] : []),
    ...(footer ? ['-- ', footer] : []),
  ]
    .join('\n')
    .trimEnd();

  const body = [
    ...(subject ? [`<h1 style="${STYLE.h1}">${escapeHtml(subject)}</h1>`] : []),
    ...lines.map((l) => `<p style="${STYLE.p}">${html(l)}</p>`),
    ...(fields.length
      ? [
          `<table role="presentation" style="${STYLE.table}">`,
          ...fields.map(
            (f) =>
              `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(oneLine(f.label))}</th><td style="${STYLE.td}">${html(f.value)}</td></tr>`,
          ),
          '</table>',
        ]
      : []),
    ...(footer ? [`<p style="${STYLE.small}">${escapeHtml(footer).replace(/\r?\n/g, '<br>')}</p>`] : []),
  ];
  const page = [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    ...body,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html: `${page}\n` };
}
