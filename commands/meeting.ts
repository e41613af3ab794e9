import { z } from 'zod';
import { Ref } from '../src/core/refs.ts';
import { sub, type CommandContext, type CommandDefinition } from '../src/core/command.ts';
import type { Translate } from '../src/core/i18n/index.ts';
import type { MeetingView } from '../src/services/meeting.service.ts';
import { ValidationError, type FieldProblem } from '../src/core/errors.ts';
import { bool, choice, datetime, int, ref, text, url, zone } from '../src/core/fields.ts';
import { meetingCard, meetingEvent, meetingLine, listReply } from '../src/core/views.ts';
import { scheduledStart } from '../src/core/rules.ts';
import { toIcs } from '../src/core/ics.ts';
import { OutboxKey } from '../src/services/index.ts';
import { MEETING_KINDS, RSVP_ANSWERS } from '../src/services/types.ts';

const PAGE = 10;

/** Everyone who said yes or maybe hears of a change, in their own language: the card under `lines`. */
async function tellAttendees(
  ctx: CommandContext,
  meeting: MeetingView,
  o: { kind: string; key: (personId: number) => string },
  lines: (t: Translate) => string[],
) {
  const people = await ctx.services.reminders.attendees(meeting.id);
  await ctx.deliver.toPeople(people, o, (t) => meetingCard(t, meeting, 'public', { lines: lines(t) }));
  return people.length;
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
        kind: choice(MEETING_KINDS, 'kind').optional(),
        link: url().optional(),
        location: text({ min: 2, max: 200 }).optional(),
        agenda: text({ min: 3, max: 3000, long: true }).optional(),
      }),
      async handler(input, ctx) {
        const timezone = input.timezone ?? ctx.timeZone;
        const kind = input.kind ?? (input.location && !input.link ? 'IN_PERSON' : 'VIRTUAL');
        const problems: FieldProblem[] = [];
        const start = scheduledStart('start', input.start, timezone, ctx.now);
        if (!start.ok) problems.push(start.problem);
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
            startsAt: start.value,
            duration: input.duration ?? 60,
          },
          { channelId: ctx.channelId },
        );
        await ctx.deliver.mirror(meetingEvent(meeting));
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'success',
          lines: [ctx.t('meeting.scheduled', { id: Ref.meeting(meeting.number) }), ...(card.lines ?? [])],
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
      input: z.object({ id: ref('M'), answer: choice(RSVP_ANSWERS, 'answer') }),
      async handler(input, ctx) {
        const meeting = await ctx.services.meetings.rsvp(ctx.actor, input.id, input.answer);
        // Their own calendar follows their answer (mail invitations, for those who want them).
        await ctx.deliver.invitations(meeting, { people: [ctx.actor.personId!] });
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'success',
          footer: ctx.t('meeting.rsvp_saved', {
            id: Ref.meeting(meeting.number),
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
        const start = scheduledStart('start', input.start, timezone, ctx.now);
        if (!start.ok) throw new ValidationError([start.problem]);
        const { meeting, moved } = await ctx.services.meetings.reschedule(ctx.actor, input.id, {
          startsAt: start.value,
          timezone,
          duration: input.duration,
        });
        const id = Ref.meeting(meeting.number);
        const card = meetingCard(ctx.t, meeting, 'public');
        if (!moved)
          return {
            ...card,
            tone: 'info',
            lines: [ctx.t('meeting.not_moved', { id }), ...(card.lines ?? [])],
          };
        // Everyone who planned to come is told the new time; reminders follow it.
        const told = await tellAttendees(
          ctx,
          meeting,
          {
            kind: 'meeting.moved',
            key: (personId) => OutboxKey.moved(meeting.id, meeting.startsAt, personId),
          },
          (t) => [t('meeting.moved_dm', { id, title: meeting.title })],
        );
        await ctx.deliver.mirror(meetingEvent(meeting));
        await ctx.deliver.invitations(meeting);
        return {
          ...card,
          tone: 'success',
          lines: [ctx.t('meeting.moved', { id, count: told }), ...(card.lines ?? [])],
        };
      },
    }),
    cancel: sub({
      access: 'participant',
      input: z.object({ id: ref('M'), reason: text({ min: 3, max: 300 }).optional() }),
      async handler(input, ctx) {
        const { meeting, attendees } = await ctx.services.meetings.cancel(ctx.actor, input.id, input.reason);
        const card = meetingCard(ctx.t, meeting, 'public');
        await tellAttendees(
          ctx,
          meeting,
          { kind: 'meeting.cancelled', key: (personId) => OutboxKey.cancelled(meeting.id, personId) },
          (t) => [
            t('meeting.cancelled_dm', { id: Ref.meeting(meeting.number), title: meeting.title }),
            ...(input.reason ? [input.reason] : []),
          ],
        );
        await ctx.deliver.mirror(meetingEvent(meeting));
        await ctx.deliver.invitations(meeting);
        return {
          ...card,
          tone: 'warning',
          lines: [
            ctx.t('meeting.cancelled_notice', { id: Ref.meeting(meeting.number), count: attendees }),
            ...(card.lines ?? []),
          ],
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
          title: `${Ref.meeting(meeting.number)} · ${meeting.title}`,
          lines: [ctx.t(meeting.cancelledAt ? 'meeting.ics_cancelled' : 'meeting.ics_ready')],
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
