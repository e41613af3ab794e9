import { z } from 'zod';
import { sub, type CommandContext, type CommandDefinition } from '../src/core/command.ts';
import type { Translate } from '../src/core/i18n/index.ts';
import type { MeetingView } from '../src/services/meeting.service.ts';
import { ValidationError } from '../src/core/errors.ts';
import { bool, choice, datetime, int, ref, text, url, zone } from '../src/core/fields.ts';
import { meetingCard, meetingEffect, meetingLine, listReply } from '../src/core/views.ts';
import { parseLocal } from '../src/core/time.ts';
import { toIcs } from '../src/core/ics.ts';
import { MEETING_KINDS, RSVP_ANSWERS } from '../src/services/types.ts';

const PAGE = 10;

/**
 * Writes to the outbox, in the command's transaction, a message to everyone who said yes or maybe,
 * each in their own language: the meeting's card under `lines`. Returns who was told.
 */
async function tellAttendees(
  ctx: CommandContext,
  meeting: MeetingView,
  keyPrefix: string,
  kind: string,
  lines: (t: Translate) => string[],
) {
  const people = await ctx.services.reminders.attendees(meeting.id);
  await ctx.services.outbox.enqueue(
    people.map((p) => {
      const t = ctx.t.in(p.locale ?? ctx.actor.coalition.locale);
      return {
        coalitionId: ctx.actor.coalition.id,
        key: `${keyPrefix}:${p.personId}`,
        kind,
        target: { kind: 'person' as const, personId: p.personId },
        payload: {
          locale: t.locale,
          timeZone: p.timezone ?? ctx.actor.coalition.timezone,
          reply: { ...meetingCard(t, meeting, 'public'), lines: lines(t) },
        },
      };
    }),
  );
  return people;
}

export default {
  name: 'meeting',
  subcommands: {
    schedule: sub({
      access: 'participant',
      input: z.object({
        title: text({ min: 3, max: 200 }),
        start: datetime(),
        timezone: zone().optional(),
        duration: int({ min: 5, max: 1440 }).optional(),
        kind: choice(MEETING_KINDS).optional(),
        link: url().optional(),
        location: text({ min: 2, max: 200 }).optional(),
        agenda: text({ min: 3, max: 3000, long: true }).optional(),
      }),
      async handler(input, ctx) {
        const timezone = input.timezone ?? ctx.timeZone;
        const kind = input.kind ?? (input.location && !input.link ? 'IN_PERSON' : 'VIRTUAL');
        const problems: ConstructorParameters<typeof ValidationError>[0] = [];
        const start = parseLocal(input.start, timezone);
        if (!start.ok)
          problems.push({
            field: 'start',
            key: start.reason === 'gap' ? 'error.field.datetime_gap' : 'error.field.datetime',
            params: { zone: timezone },
          });
        else if (start.at.getTime() <= ctx.now.getTime())
          problems.push({ field: 'start', key: 'meeting.in_past', params: { zone: timezone } });
        if (kind !== 'IN_PERSON' && !input.link)
          problems.push({ field: 'link', key: 'meeting.link_required', params: {} });
        if (kind !== 'VIRTUAL' && !input.location)
          problems.push({ field: 'location', key: 'meeting.location_required', params: {} });
        if (problems.length > 0 || !start.ok) throw new ValidationError(problems);
        const meeting = await ctx.services.meetings.schedule(
          ctx.actor,
          {
            ...input,
            kind,
            timezone,
            startsAt: start.at,
            duration: input.duration ?? 60,
          },
          { channelId: ctx.channelId },
        );
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'success',
          lines: [ctx.t('meeting.scheduled', { id: `M${meeting.number}` }), ...(card.lines ?? [])],
          effects: [meetingEffect(meeting)],
        };
      },
    }),
    list: sub({
      access: 'anyone',
      input: z.object({ past: bool().optional(), page: int({ min: 1, max: 1000 }).optional() }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.meetings.upcoming(ctx.actor, {
          includePast: input.past ?? false,
          page,
          pageSize: PAGE,
        });
        return listReply(
          ctx.t,
          ctx.t(input.past ? 'meeting.list_all_title' : 'meeting.list_title'),
          found.items.map((m) => meetingLine(ctx.t, m)),
          found.total,
          page,
          PAGE,
          `/meeting list${input.past ? ' past:yes' : ''}`,
        );
      },
    }),
    show: sub({
      access: 'anyone',
      input: z.object({ id: ref('M') }),
      async handler(input, ctx) {
        return meetingCard(ctx.t, await ctx.services.meetings.get(ctx.actor, input.id), 'ephemeral');
      },
    }),
    rsvp: sub({
      access: 'joined',
      input: z.object({ id: ref('M'), answer: choice(RSVP_ANSWERS) }),
      async handler(input, ctx) {
        const meeting = await ctx.services.meetings.rsvp(ctx.actor, input.id, input.answer);
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          replaces: true,
          tone: 'success',
          footer: ctx.t('meeting.rsvp_saved', {
            id: `M${meeting.number}`,
            answer: ctx.t(`answer.${input.answer}`),
          }),
        };
      },
    }),
    reschedule: sub({
      access: 'participant',
      input: z.object({
        id: ref('M'),
        start: datetime(),
        timezone: zone().optional(),
        duration: int({ min: 5, max: 1440 }).optional(),
      }),
      async handler(input, ctx) {
        const timezone = input.timezone ?? ctx.timeZone;
        const start = parseLocal(input.start, timezone);
        if (!start.ok)
          throw new ValidationError([
            {
              field: 'start',
              key: start.reason === 'gap' ? 'error.field.datetime_gap' : 'error.field.datetime',
              params: { zone: timezone },
            },
          ]);
        if (start.at.getTime() <= ctx.now.getTime())
          throw new ValidationError([{ field: 'start', key: 'meeting.in_past', params: { zone: timezone } }]);
        const { meeting } = await ctx.services.meetings.reschedule(ctx.actor, input.id, {
          startsAt: start.at,
          timezone,
          duration: input.duration,
        });
        // Everyone who planned to come is told the new time; reminders follow it.
        const people = await tellAttendees(
          ctx,
          meeting,
          `moved:${meeting.id}:${meeting.startsAt.getTime()}`,
          'meeting.moved',
          (t) => [t('meeting.moved_dm', { id: `M${meeting.number}`, title: meeting.title })],
        );
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'success',
          lines: [
            ctx.t('meeting.moved', { id: `M${meeting.number}`, count: people.length }),
            ...(card.lines ?? []),
          ],
          effects: [meetingEffect(meeting)],
        };
      },
    }),
    cancel: sub({
      access: 'participant',
      input: z.object({ id: ref('M'), reason: text({ min: 3, max: 300 }).optional() }),
      async handler(input, ctx) {
        const { meeting, attendees } = await ctx.services.meetings.cancel(ctx.actor, input.id, input.reason);
        const card = meetingCard(ctx.t, meeting, 'public');
        await tellAttendees(ctx, meeting, `cancel:${meeting.id}`, 'meeting.cancelled', (t) => [
          t('meeting.cancelled_dm', { id: `M${meeting.number}`, title: meeting.title }),
          ...(input.reason ? [input.reason] : []),
        ]);
        return {
          ...card,
          tone: 'warning',
          lines: [
            ctx.t('meeting.cancelled_notice', { id: `M${meeting.number}`, count: attendees }),
            ...(card.lines ?? []),
          ],
          effects: [meetingEffect(meeting)],
        };
      },
    }),
    ics: sub({
      access: 'anyone',
      input: z.object({ id: ref('M') }),
      async handler(input, ctx) {
        const meeting = await ctx.services.meetings.get(ctx.actor, input.id);
        return {
          visibility: 'ephemeral',
          title: `M${meeting.number} · ${meeting.title}`,
          lines: [ctx.t('meeting.ics_ready')],
          attachments: [
            {
              filename: `docket-m${meeting.number}.ics`,
              contentType: 'text/calendar',
              content: toIcs(meeting, ctx.actor.coalition.name),
            },
          ],
        };
      },
    }),
  },
} satisfies CommandDefinition;
