// What the bot says on its own, built from the same catalogue and cards as command replies.
import { translator, type Locale, type Translate } from '../core/i18n/index.ts';
import type { OutboxPayload } from '../core/notify.ts';
import type { Button, Field, Reply } from '../core/reply.ts';
import type { DueReminder } from '../services/index.ts';

export function humanMinutes(t: Translate, minutes: number): string {
  if (minutes % 1440 === 0) return t('time.days', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('time.hours', { count: minutes / 60 });
  return t('time.minutes', { count: minutes });
}

export function reminderPayload(
  r: DueReminder,
  locale: Locale,
  timeZone: string,
  personal: boolean,
): OutboxPayload {
  const t = translator(locale);
  const id = `M${r.meeting.number}`;
  const fields: Field[] = [{ label: t('field.when'), value: [{ time: r.meeting.startsAt }] }];
  if (r.meeting.joinUrl) fields.push({ label: t('field.link'), value: [{ url: r.meeting.joinUrl }] });
  if (r.meeting.location) fields.push({ label: t('field.location'), value: r.meeting.location });
  const buttons: Button[] = (['YES', 'MAYBE', 'NO'] as const).map((answer) => ({
    label: t(`answer.${answer}`),
    command: 'meeting',
    sub: 'rsvp',
    input: { id, answer: answer.toLowerCase() },
  }));
  const reply: Reply = {
    visibility: personal ? 'ephemeral' : 'public',
    title: t('reminder.title', { title: `${id} · ${r.meeting.title}` }),
    lines: [
      t('reminder.starts_in', { when: humanMinutes(t, r.offset) }),
      ...(personal ? [t('reminder.change_answer')] : []),
    ],
    fields,
    buttons,
    footer: t('meeting.footer', { id, zone: r.meeting.timezone }),
  };
  return { reply, locale, timeZone };
}
