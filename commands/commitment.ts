import { z } from 'zod';
import { Ref } from '../src/core/refs.ts';
import { sub, type CommandContext, type CommandDefinition } from '../src/core/command.ts';
import { quote } from '../src/core/parse.ts';
import { bool, choice, choices, date, decimal, int, ref, text, url } from '../src/core/fields.ts';
import { DIRECTIONS, measureCommand, SDG_INDICATORS, withUnit } from '../src/core/indicators.ts';
import type { Reply } from '../src/core/reply.ts';
import { todayIn } from '../src/core/rules.ts';
import {
  commitmentCard,
  commitmentLine,
  formatDay,
  indicatorLines,
  indicatorName,
  listReply,
} from '../src/core/views.ts';
import type { CommitmentView } from '../src/services/commitment.service.ts';
import { COMPLETIONS, THEMES } from '../src/services/types.ts';

const PAGE = 10;

// Action plans run two to four years (local ones vary): `2024-2028`.
const plan = text({
  min: 9,
  max: 9,
  error: 'error.field.plan',
  check: (s) => {
    const m = /^(\d{4})-(\d{4})$/.exec(s);
    const span = m ? Number(m[2]) - Number(m[1]) : 0;
    return m !== null && Number(m[1]) >= 2011 && span >= 1 && span <= 6;
  },
});

const sdg = text({
  max: 60,
  error: 'error.field.sdg',
  check: (s) => /^\d{1,2}\.(\d{1,2}|[a-c])(\s*,\s*\d{1,2}\.(\d{1,2}|[a-c]))*$/i.test(s),
});

/** The commitment card with its indicators' progress and its milestones. */
async function fullCard(
  ctx: CommandContext,
  c: CommitmentView,
  visibility: Reply['visibility'],
  first: string[] = [],
): Promise<Reply> {
  const coalitionId = ctx.actor.coalition.id;
  const card = commitmentCard(ctx.t, c, visibility, {
    indicators: await ctx.services.indicators.forCommitment(coalitionId, c.number),
    milestones: await ctx.services.milestones.forCommitment(coalitionId, c.number),
    today: todayIn(ctx.now, ctx.actor.coalition.timezone),
  });
  return { ...card, ...(first.length ? { tone: 'success' } : {}), lines: [...first, ...(card.lines ?? [])] };
}

export default {
  name: 'commitment',
  subcommands: {
    log: sub({
      access: 'participant',
      input: z.object({
        title: text({ min: 5, max: 250 }),
        member: text({ min: 2, max: 120 }),
        plan,
        description: text({ min: 10, max: 4000, long: true }),
        themes: choices(THEMES, 'theme'),
        institution: text({ min: 2, max: 200 }).optional(),
        // OGP ids are opaque (KE0034, UK0107): letters, digits and dashes only.
        ogp_id: text({
          min: 3,
          max: 20,
          error: 'error.field.ogp_id',
          check: (s) => /^[A-Za-z0-9-]+$/.test(s),
        }).optional(),
        people_centred: bool().optional(),
        sdg: sdg.optional(),
      }),
      async handler(input, ctx) {
        const commitment = await ctx.services.commitments.log(ctx.actor, {
          ...input,
          people_centred: input.people_centred ?? false,
          sdg: (input.sdg ?? '16.3').split(',').map((s) => s.trim().toLowerCase()),
        });
        const card = commitmentCard(ctx.t, commitment, 'public');
        return {
          ...card,
          tone: 'success',
          lines: [
            ctx.t('commitment.logged', { id: Ref.commitment(commitment.number) }),
            ...(card.lines ?? []),
          ],
        };
      },
    }),
    update: sub({
      access: 'participant',
      input: z.object({
        id: ref('C'),
        completion: choice(COMPLETIONS, 'completion'),
        note: text({ min: 3, max: 2000, long: true }),
        evidence: url().optional(),
      }),
      async handler(input, ctx) {
        const { commitment, previous } = await ctx.services.commitments.update(ctx.actor, input);
        const change =
          previous === commitment.completion
            ? ctx.t('commitment.updated_same', {
                id: Ref.commitment(commitment.number),
                level: ctx.t(`completion.${commitment.completion}`),
              })
            : ctx.t('commitment.updated', {
                id: Ref.commitment(commitment.number),
                from: ctx.t(`completion.${previous}`),
                to: ctx.t(`completion.${commitment.completion}`),
              });
        return fullCard(ctx, commitment, 'public', [change]);
      },
    }),
    list: sub({
      access: 'anyone',
      input: z.object({
        query: text({ min: 2, max: 100 }).optional(),
        completion: choice(COMPLETIONS, 'completion').optional(),
        theme: choice(THEMES, 'theme').optional(),
        page: int({ min: 1, max: 1000 }).optional(),
      }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.commitments.list(ctx.actor.coalition.id, {
          ...input,
          page,
          pageSize: PAGE,
        });
        const args = [
          input.query ? `query:${quote(input.query)}` : '',
          input.completion ? `completion:${input.completion.toLowerCase()}` : '',
          input.theme ? `theme:${input.theme.toLowerCase()}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return listReply(
          ctx.t,
          ctx.t('commitment.list_title'),
          found.items.map((c) => commitmentLine(ctx.t, c)),
          found.total,
          page,
          PAGE,
          `/commitment list ${args}`.trim(),
          args ? ctx.t('commitment.search_empty') : undefined,
        );
      },
    }),
    show: sub({
      access: 'anyone',
      input: z.object({ id: ref('C') }),
      async handler(input, ctx) {
        return fullCard(
          ctx,
          await ctx.services.commitments.get(ctx.actor.coalition.id, input.id),
          'ephemeral',
        );
      },
    }),
    indicator: sub({
      access: 'participant',
      input: z.object({
        id: ref('C'),
        name: text({ min: 3, max: 200 }).optional(),
        unit: text({ min: 1, max: 30 }).optional(),
        direction: choice(DIRECTIONS, 'direction').optional(),
        baseline: decimal(),
        baseline_date: date(),
        target: decimal(),
        target_date: date(),
        sdg: choice(SDG_INDICATORS, 'sdgIndicator').optional(),
        source: url().optional(),
      }),
      async handler(input, ctx) {
        const indicator = await ctx.services.indicators.define(ctx.actor, input);
        const id = Ref.indicator(indicator.number);
        return {
          visibility: 'public',
          tone: 'success',
          title: `${id} · ${indicatorName(ctx.t, indicator)}`,
          lines: [
            ctx.t('indicator.defined', { id, commitment: Ref.commitment(input.id) }),
            ...indicatorLines(ctx.t, indicator),
          ],
          footer: ctx.t('indicator.footer', {
            id,
            commitment: Ref.commitment(input.id),
            command: `${measureCommand(input.id, indicator.number)} value:… date:… source:…`,
          }),
        };
      },
    }),
    measure: sub({
      access: 'participant',
      input: z.object({
        id: ref('C'),
        indicator: ref('I'),
        value: decimal(),
        date: date(),
        source: url(),
        note: text({ min: 3, max: 500 }).optional(),
      }),
      async handler(input, ctx) {
        const { indicator, corrected } = await ctx.services.indicators.measure(ctx.actor, input);
        const id = Ref.indicator(indicator.number);
        const t = ctx.t;
        const value = withUnit(input.value, indicator.unit, t.locale);
        const day = formatDay(t, input.date);
        return {
          visibility: 'public',
          tone: 'success',
          title: `${id} · ${indicatorName(t, indicator)}`,
          lines: [
            corrected === null
              ? t('indicator.measured', { id, value, date: day })
              : t('indicator.corrected', {
                  id,
                  value,
                  date: day,
                  previous: withUnit(corrected, indicator.unit, t.locale),
                }),
            ...indicatorLines(t, indicator),
          ],
          footer: t('indicator.footer', {
            id,
            commitment: Ref.commitment(input.id),
            command: `${measureCommand(input.id, indicator.number)} value:… date:… source:…`,
          }),
        };
      },
    }),
    milestone: sub({
      access: 'participant',
      input: z.object({ id: ref('C'), title: text({ min: 3, max: 200 }), due: date() }),
      async handler(input, ctx) {
        const { milestone } = await ctx.services.milestones.add(ctx.actor, input);
        const id = Ref.commitment(input.id);
        return fullCard(ctx, await ctx.services.commitments.get(ctx.actor.coalition.id, input.id), 'public', [
          ctx.t('milestone.added', {
            id,
            number: milestone.number,
            date: formatDay(ctx.t, milestone.dueDate!),
            command: `/commitment milestone-done ${id} ${milestone.number}`,
          }),
        ]);
      },
    }),
    'milestone-done': sub({
      access: 'participant',
      input: z.object({ id: ref('C'), milestone: int({ min: 1, max: 999 }) }),
      async handler(input, ctx) {
        const { milestone } = await ctx.services.milestones.complete(ctx.actor, input);
        const id = Ref.commitment(input.id);
        return fullCard(ctx, await ctx.services.commitments.get(ctx.actor.coalition.id, input.id), 'public', [
          ctx.t('milestone.completed', { id, number: milestone.number, title: milestone.title }),
        ]);
      },
    }),
  },
} satisfies CommandDefinition;
