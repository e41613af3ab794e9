// Neutral reply → mail text and HTML, against exact output: member text escaped, links live only
// when http(s), instants in the reader's zone and language.
import { describe, expect, it } from 'vitest';
import { toMail } from '../../../src/adapters/mail/render.ts';
import type { Outgoing } from '../../../src/core/platform.ts';

const message = (reply: Outgoing['reply'], locale: Outgoing['locale'] = 'en'): Outgoing => ({
  reply,
  locale,
  timeZone: 'America/Bogota',
});

describe('toMail', () => {
  it('writes the subject, lines, fields and small print as text and as HTML', () => {
    const mail = toMail(
      message({
        visibility: 'public',
        title: 'Invitation: M3 · Working group',
        lines: ['You answered “Yes”.', ['Starts ', { time: new Date('2026-12-03T14:00:00Z') }]],
        fields: [
          { label: 'Link', value: [{ url: 'https://meet.example.org/wg' }] },
          { label: 'Place', value: 'Room 2' },
        ],
        buttons: [{ label: 'Yes', command: 'meeting', sub: 'rsvp', input: {} }],
        footer: 'M3 · times in your own zone\nSent by Docket',
      }),
    );
    expect(mail.subject).toBe('Invitation: M3 · Working group');
    expect(mail.text).toBe(
      [
        'Invitation: M3 · Working group',
        '',
        'You answered “Yes”.',
        '',
        'Starts Thu 3 Dec 2026, 09:00 GMT-5',
        '',
        'Link: https://meet.example.org/wg',
        'Place: Room 2',
        '',
        '-- ',
        'M3 · times in your own zone',
        'Sent by Docket',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('<title>Invitation: M3 · Working group</title>');
    expect(mail.html).toContain('<p style="margin:0 0 10px">Starts Thu 3 Dec 2026, 09:00 GMT-5</p>');
    expect(mail.html).toContain(
      '<td style="vertical-align:top;padding:2px 0"><a href="https://meet.example.org/wg">https://meet.example.org/wg</a></td>',
    );
    expect(mail.html).toContain('M3 · times in your own zone<br>Sent by Docket</p>');
    // Buttons run chat commands: mail has none.
    expect(mail.html).not.toContain('rsvp');
  });

  it('escapes member text and keeps links other than http(s) dead', () => {
    const mail = toMail(
      message(
        {
          visibility: 'public',
          title: 'M1 · <script>alert(1)</script>\r\nBcc: x@y.z',
          lines: [
            'A & B <b>bold</b> "quoted" \u202Egnp.exe',
            [
              'see ',
              { url: 'javascript:alert(1)', label: 'this' },
              ' or ',
              { url: 'https://x.org/?a=1&b="2"' },
            ],
          ],
        },
        'fr',
      ),
    );
    expect(mail.subject).toBe('M1 · <script>alert(1)</script> Bcc: x@y.z');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('M1 · &lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@y.z');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('A &amp; B &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; \uFFFDgnp.exe');
    expect(mail.html).toContain('see this &lt;javascript:alert(1)&gt; or ');
    expect(mail.html).toContain('<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">');
    expect(mail.text).toContain('see this <javascript:alert(1)> or https://x.org/?a=1&b="2"');
  });
});
