import { z } from 'zod';
import { Ref } from '../src/core/refs.ts';
import { sub, type CommandContext, type CommandDefinition } from '../src/core/command.ts';
import type { Translate } from '../src/core/i18n/index.ts';
import type { MeetingView, Reader, SeriesChange } from '../src/services/index.ts';
import { NeedsInputs, UserError, ValidationError, type FieldProblem } from '../src/core/errors.ts';
import {
  bool,
  choice,
  datetime,
  day,
  int,
  meetingOrSeries,
  ref,
  text,
  url,
  zone,
} from '../src/core/fields.ts';
import {
  meetingCard,
  meetingEvent,
  meetingLine,
  listReply,
  registrationLine,
  seriesCard,
} from '../src/core/views.ts';
import { tellPromoted as notifyPromoted } from '../src/core/meeting-notices.ts';
import { scheduledStart, seriesUntil } from '../src/core/rules.ts';
import { buildRule } from '../src/core/recurrence.ts';
import { seriesIcs, toIcs } from '../src/core/ics.ts';
import {
  ATTEND_MODES,
  EXTRA_QUESTIONS,
  MAX_QUESTIONS,
  readQuestions,
  type QuestionKey,
} from '../src/core/questions.ts';
import { registrationsCsv } from '../src/core/report-format.ts';
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

/** Those who got a place that freed up are told, each in their own language. */
/** People a freed place went to are told (see core/meeting-notices.ts). */
const tellPromoted = (ctx: CommandContext, meeting: MeetingView, people: Reader[]) =>
  notifyPromoted(ctx.deliver, meeting, people, ctx.now);

/** A series change: one notice per person, and every changed occurrence's platform event follows. */
async function tellSeriesChange(ctx: CommandContext, change: SeriesChange, cancelled: boolean) {
  const s = change.series;
  const id = Ref.series(s.number);
  await ctx.deliver.toPeople(
    change.people,
    {
      kind: cancelled ? 'series.cancelled' : 'series.changed',
      key: (personId) =>
        cancelled
          ? OutboxKey.seriesCancelled(s.id, personId)
          : OutboxKey.seriesChanged(s.id, s.sequence, personId),
    },
    (t) =>
      seriesCard(t, s, 'public', {
        lines: [t(cancelled ? 'series.cancelled_dm' : 'series.changed_dm', { id, title: s.title })],
      }),
  );
  for (const m of [...change.changed, ...change.created]) await ctx.deliver.mirror(meetingEvent(m));
}

const questionInputs = {
  interpretation: text({ min: 2, max: 60 }).optional(),
  accessibility: text({ min: 2, max: 300 }).optional(),
  dietary: text({ min: 2, max: 200 }).optional(),
  arrival: day().optional(),
  attend: choice(ATTEND_MODES, 'attend').optional(),
  extra1: text({ min: 1, max: 300 }).optional(),
  extra2: text({ min: 1, max: 300 }).optional(),
  extra3: text({ min: 1, max: 300 }).optional(),
};

/**
 * The registration answers a "yes" needs: those given now or before; anything missing is asked for
 * (a form where the platform has one), and nothing is written until it is given.
 */
async function registration(
  ctx: CommandContext,
  questions: QuestionKey[],
  given: Partial<Record<QuestionKey, string>>,
  known: Record<string, string>,
) {
  const missing = questions.filter((q) => !given[q] && !known[q]);
  if (missing.length > 0) {
    const extras = await ctx.services.coalition.extraQuestions(ctx.actor.coalition.id);
    const labels = Object.fromEntries(
      EXTRA_QUESTIONS.map((k, i) => [k, extras[i]]).filter((e): e is [string, string] => Boolean(e[1])),
    );
    throw new NeedsInputs(
      missing.map((field): FieldProblem => ({
        field,
        key: 'registration.needed',
        params: { question: labels[field] ?? field },
      })),
      Object.fromEntries(missing.filter((k) => labels[k]).map((k) => [k, labels[k]!])),
    );
  }
  const answers = Object.fromEntries(
    questions.filter((q) => q !== 'attend' && given[q]).map((q) => [q, given[q]!]),
  );
  return { answers, attend: given.attend as (typeof ATTEND_MODES)[number] | undefined };
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
        repeat: text({
          min: 5,
          max: 300,
          error: 'series.bad_repeat',
          check: (s) => /^[\w=;:,+-]+$/.test(s),
        }).optional(),
        until: day().optional(),
        count: int({ min: 1, max: 260 }).optional(),
        capacity: int({ min: 1, max: 100_000 }).optional(),
        questions: text({ min: 3, max: 200 }).optional(),
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
        if (!input.repeat && (input.until || input.count))
          problems.push({
            field: input.until ? 'until' : 'count',
            key: 'series.repeat_required',
            params: {},
          });
        if (input.until && input.count)
          problems.push({ field: 'count', key: 'series.until_or_count', params: {} });
        // Registration questions: from the set (and the secretariat's own), at most five.
        let questions: QuestionKey[] = [];
        if (input.questions) {
          const read = readQuestions(input.questions);
          const extras = await ctx.services.coalition.extraQuestions(ctx.actor.coalition.id);
          const unset = read.keys.filter((k) => k.startsWith('extra') && !extras[Number(k.slice(5)) - 1]);
          if (read.unknown.length || unset.length)
            problems.push({
              field: 'questions',
              key: 'registration.unknown_question',
              params: { names: [...read.unknown, ...unset].join(', ') },
            });
          questions = read.keys;
        }
        // A hybrid meeting with places asks how each one attends: only in person takes a place.
        if (kind === 'HYBRID' && input.capacity && !questions.includes('attend')) questions.push('attend');
        if (kind !== 'HYBRID') questions = questions.filter((q) => q !== 'attend');
        if (questions.length > MAX_QUESTIONS)
          problems.push({ field: 'questions', key: 'registration.too_many', params: { max: MAX_QUESTIONS } });
        let until: Date | undefined;
        if (start.ok && input.until) {
          const u = seriesUntil('until', input.until, timezone, start.value, ctx.now);
          if (u.ok) until = u.value;
          else problems.push(u.problem);
        }
        if (problems.length > 0 || !start.ok) throw new ValidationError(problems);
        const details = {
          title: input.title,
          kind,
          duration: input.duration ?? 60,
          link: input.link,
          location: input.location,
          agenda: input.agenda,
          capacity: input.capacity,
          questions,
        };
        if (input.repeat) {
          const rule = buildRule(input.repeat, start.value, timezone, { until, count: input.count });
          if (!rule.ok)
            throw new ValidationError([{ field: 'repeat', key: `series.${rule.problem}`, params: {} }]);
          const { series, created } = await ctx.services.series.create(
            ctx.actor,
            { ...details, pattern: rule.pattern, rule: rule.value },
            { channelId: ctx.channelId },
          );
          for (const m of created) await ctx.deliver.mirror(meetingEvent(m));
          const card = seriesCard(ctx.t, series, 'public');
          return {
            ...card,
            tone: 'success',
            lines: [
              ctx.t('series.scheduled', {
                id: Ref.series(series.number),
                count: created.length,
                first: created
                  .slice(0, 5)
                  .map((m) => Ref.meeting(m.number))
                  .join(', '),
              }),
              ...(card.lines ?? []),
            ],
          };
        }
        const meeting = await ctx.services.meetings.schedule(
          ctx.actor,
          { ...details, timezone, startsAt: start.value },
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
      input: z.object({ id: meetingOrSeries() }),
      async handler(input, ctx) {
        if (input.id.prefix === 'S')
          return seriesCard(ctx.t, await ctx.services.series.get(ctx.actor, input.id.number), 'ephemeral');
        return meetingCard(ctx.t, await ctx.services.meetings.get(ctx.actor, input.id.number), 'ephemeral');
      },
    }),
    rsvp: sub({
      access: 'joined',
      input: z.object({
        id: meetingOrSeries(),
        answer: choice(RSVP_ANSWERS, 'answer'),
        ...questionInputs,
      }),
      async handler(input, ctx) {
        const { id: target, answer, ...given } = input;
        if (target.prefix === 'S') {
          const current = await ctx.services.series.get(ctx.actor, target.number);
          const reg =
            answer === 'YES' ? await registration(ctx, current.questions, given, {}) : { answers: {} };
          const out = await ctx.services.series.rsvp(ctx.actor, target.number, answer, reg);
          for (const p of out.promoted) await tellPromoted(ctx, p.meeting, p.people);
          const card = seriesCard(ctx.t, out.series, 'public');
          return {
            ...card,
            tone: 'success',
            footer: ctx.t('series.rsvp_saved', {
              id: Ref.series(target.number),
              answer: ctx.t(`answer.${answer}`),
              count: out.applied,
              waiting: out.waitlisted,
            }),
          };
        }
        const current = await ctx.services.meetings.get(ctx.actor, target.number);
        const reg =
          answer === 'YES' && current.questions.length > 0 && !current.cancelledAt
            ? await registration(
                ctx,
                current.questions,
                given,
                await ctx.services.meetings.myAnswers(ctx.actor, target.number),
              )
            : { answers: {} };
        const { meeting, waitlisted, promoted } = await ctx.services.meetings.rsvp(
          ctx.actor,
          target.number,
          answer,
          reg,
        );
        await tellPromoted(ctx, meeting, promoted);
        // Their own calendar follows their answer (mail invitations, for those who want them).
        await ctx.deliver.invitations(meeting, { people: [ctx.actor.personId!] });
        const card = meetingCard(ctx.t, meeting, 'public');
        const id = Ref.meeting(meeting.number);
        return {
          ...card,
          tone: waitlisted ? 'warning' : 'success',
          footer: waitlisted
            ? ctx.t('meeting.waitlisted', { id })
            : ctx.t('meeting.rsvp_saved', { id, answer: ctx.t(`answer.${answer}`) }),
        };
      },
    }),
    reschedule: sub({
      access: 'participant',
      input: z.object({
        id: meetingOrSeries(),
        start: datetime(),
        timezone: zone().optional(),
        duration: int({ min: 5, max: 1440 }).optional(),
      }),
      async handler(input, ctx) {
        const timezone = input.timezone ?? ctx.timeZone;
        const start = scheduledStart('start', input.start, timezone, ctx.now);
        if (!start.ok) throw new ValidationError([start.problem]);
        const change = { startsAt: start.value, timezone, duration: input.duration };
        if (input.id.prefix === 'S') {
          const out = await ctx.services.series.reschedule(ctx.actor, input.id.number, change);
          await tellSeriesChange(ctx, out, false);
          const card = seriesCard(ctx.t, out.series, 'public');
          return {
            ...card,
            tone: 'success',
            lines: [
              ctx.t('series.moved', {
                id: Ref.series(out.series.number),
                moved: out.moved,
                cancelled: out.cancelled,
                created: out.created.length,
                count: out.people.length,
              }),
              ...(card.lines ?? []),
            ],
          };
        }
        const { meeting, moved } = await ctx.services.meetings.reschedule(ctx.actor, input.id.number, change);
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
    skip: sub({
      access: 'participant',
      input: z.object({ id: ref('M'), reason: text({ min: 3, max: 300 }).optional() }),
      async handler(input, ctx) {
        const { meeting, attendees } = await ctx.services.meetings.cancel(ctx.actor, input.id, input.reason, {
          skip: true,
        });
        const id = Ref.meeting(meeting.number);
        await tellAttendees(
          ctx,
          meeting,
          { kind: 'meeting.skipped', key: (personId) => OutboxKey.cancelled(meeting.id, personId) },
          (t) => [
            t('meeting.skipped_dm', { id, title: meeting.title }),
            ...(input.reason ? [input.reason] : []),
          ],
        );
        await ctx.deliver.mirror(meetingEvent(meeting));
        await ctx.deliver.invitations(meeting);
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'warning',
          lines: [
            ctx.t('meeting.skipped', {
              id,
              series: meeting.series ? Ref.series(meeting.series.number) : '',
              count: attendees,
            }),
            ...(card.lines ?? []),
          ],
        };
      },
    }),
    cancel: sub({
      access: 'participant',
      input: z.object({ id: meetingOrSeries(), reason: text({ min: 3, max: 300 }).optional() }),
      async handler(input, ctx) {
        if (input.id.prefix === 'S') {
          const out = await ctx.services.series.cancel(ctx.actor, input.id.number, input.reason);
          await tellSeriesChange(ctx, out, true);
          const card = seriesCard(ctx.t, out.series, 'public');
          return {
            ...card,
            tone: 'warning',
            lines: [
              ctx.t('series.cancelled_notice', {
                id: Ref.series(out.series.number),
                cancelled: out.cancelled,
                count: out.people.length,
              }),
              ...(card.lines ?? []),
            ],
          };
        }
        const { meeting, attendees } = await ctx.services.meetings.cancel(
          ctx.actor,
          input.id.number,
          input.reason,
        );
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
      input: z.object({ id: meetingOrSeries() }),
      async handler(input, ctx) {
        if (input.id.prefix === 'S') {
          const series = await ctx.services.series.get(ctx.actor, input.id.number);
          const source = await ctx.services.series.calendarSource(series.id);
          return {
            visibility: 'ephemeral',
            title: `${Ref.series(series.number)} · ${series.title}`,
            lines: [ctx.t('series.ics_ready')],
            attachments: [
              {
                filename: `docket-s${series.number}.ics`,
                contentType: 'text/calendar',
                content: seriesIcs(source, ctx.actor.coalition.name),
              },
            ],
          };
        }
        const meeting = await ctx.services.meetings.get(ctx.actor, input.id.number);
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
    calendar: sub({
      access: 'joined',
      input: z.object({ reset: bool().optional() }),
      async handler(input, ctx) {
        const secret = await ctx.services.calendars.token(ctx.actor, input.reset ?? false);
        const url = ctx.services.calendars.feedUrl(secret);
        return {
          visibility: 'ephemeral',
          tone: input.reset ? 'success' : 'info',
          title: ctx.t('calendar.title'),
          lines: [
            ctx.t(input.reset ? 'calendar.reset' : 'calendar.intro'),
            /^https?:/.test(url) ? [{ url }] : url,
            ctx.t('calendar.private'),
          ],
        };
      },
    }),
    registrations: sub({
      access: 'participant',
      input: z.object({ id: ref('M'), format: choice(['LIST', 'CSV'] as const).optional() }),
      async handler(input, ctx) {
        const { meeting, rows } = await ctx.services.meetings.registrations(ctx.actor, input.id);
        const id = Ref.meeting(meeting.number);
        const title = ctx.t('registration.title', { id, title: meeting.title });
        const summary = ctx.t('registration.summary', {
          confirmed: rows.filter((r) => r.status === 'CONFIRMED').length,
          waiting: rows.filter((r) => r.status === 'WAITLIST').length,
          capacity: meeting.capacity ?? '—',
        });
        if (input.format === 'CSV') {
          const extras = await ctx.services.coalition.extraQuestions(ctx.actor.coalition.id);
          return {
            visibility: 'ephemeral',
            title,
            lines: [summary],
            attachments: [
              {
                filename: `docket-registrations-m${meeting.number}.csv`,
                contentType: 'text/csv',
                content: registrationsCsv(rows, meeting.questions, extras),
              },
            ],
          };
        }
        return {
          visibility: 'ephemeral',
          title,
          lines: rows.length
            ? [summary, ...rows.map((r) => registrationLine(ctx.t, r))]
            : [ctx.t('registration.none')],
          footer: ctx.t('registration.footer', { id }),
        };
      },
    }),
    attendance: sub({
      access: 'joined',
      input: z.object({ id: ref('M'), present: text({ min: 1, max: 2000, long: true }).optional() }),
      async handler(input, ctx) {
        const names = input.present
          ? input.present
              .split(/[,\n]/)
              .map((n) => n.trim())
              .filter(Boolean)
          : null;
        const out = await ctx.services.meetings.attendance(ctx.actor, input.id, names);
        const id = Ref.meeting(out.meeting.number);
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: `${id} · ${out.meeting.title}`,
          lines: [
            names
              ? ctx.t('attendance.recorded', { id, added: out.added, total: out.total })
              : ctx.t('attendance.thanks', { id }),
          ],
        };
      },
    }),
    minutes: sub({
      access: 'participant',
      input: z.object({
        id: ref('M'),
        summary: text({ min: 3, max: 3000, long: true }).optional(),
        decisions: text({ min: 3, max: 3000, long: true }).optional(),
      }),
      async handler(input, ctx) {
        if (!input.summary && !input.decisions)
          throw new UserError('meeting.minutes_empty', { id: Ref.meeting(input.id) });
        const meeting = await ctx.services.meetings.minutes(ctx.actor, input.id, input);
        const card = meetingCard(ctx.t, meeting, 'public');
        return {
          ...card,
          tone: 'success',
          footer: ctx.t('meeting.minutes_saved', { id: Ref.meeting(meeting.number) }),
        };
      },
    }),
  },
} satisfies CommandDefinition;
