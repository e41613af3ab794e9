import { z } from 'zod';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { ValidationError } from '../src/core/errors.ts';
import { bool, day, int, ref, text } from '../src/core/fields.ts';
import { Ref } from '../src/core/refs.ts';
import { dueDay } from '../src/core/rules.ts';
import { actionCard, actionLine, listReply } from '../src/core/views.ts';
import { OutboxKey } from '../src/services/index.ts';

const PAGE = 10;

export default {
  name: 'action',
  subcommands: {
    add: sub({
      access: 'participant',
      input: z.object({
        id: ref('M'),
        owner: text({ min: 1, max: 80 }),
        due: day(),
        text: text({ min: 3, max: 500, long: true }),
      }),
      async handler(input, ctx) {
        const zone = ctx.actor.coalition.timezone;
        const due = dueDay('due', input.due, zone, ctx.now);
        if (!due.ok) throw new ValidationError([due.problem]);
        const { action, owner } = await ctx.services.actions.add(ctx.actor, {
          meeting: input.id,
          owner: input.owner,
          dueOn: due.value.day,
          dueAt: due.value.endsAt,
          text: input.text,
        });
        const id = Ref.action(action.number);
        // The owner hears of it (unless they added it themselves).
        if (owner)
          await ctx.deliver.toPeople(
            [owner],
            {
              kind: 'action.assigned',
              key: (personId) => OutboxKey.action(action.id, 'assigned', action.dueOn, personId),
            },
            (t) => ({
              ...actionCard(t, action, 'ephemeral'),
              lines: [t('action.assigned_dm', { id, by: ctx.actor.displayName })],
            }),
          );
        return {
          ...actionCard(ctx.t, action, 'public'),
          tone: 'success',
          lines: [ctx.t('action.added', { id, owner: action.owner ?? '' })],
        };
      },
    }),
    list: sub({
      access: 'anyone',
      input: z.object({
        mine: bool().optional(),
        done: bool().optional(),
        page: int({ min: 1, max: 1000 }).optional(),
      }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.actions.list(ctx.actor, {
          mine: input.mine ?? false,
          done: input.done ?? false,
          page,
          pageSize: PAGE,
        });
        return listReply(
          ctx.t,
          ctx.t(input.mine ? 'action.list_mine' : 'action.list_title'),
          found.items.map((a) => actionLine(ctx.t, a)),
          found.total,
          page,
          PAGE,
          `/action list${input.mine ? ' mine:yes' : ''}${input.done ? ' done:yes' : ''}`,
        );
      },
    }),
    done: sub({
      access: 'joined',
      input: z.object({ id: ref('A') }),
      async handler(input, ctx) {
        const action = await ctx.services.actions.done(ctx.actor, input.id);
        return {
          ...actionCard(ctx.t, action, 'ephemeral'),
          tone: 'success',
          lines: [ctx.t('action.marked_done', { id: Ref.action(action.number) })],
        };
      },
    }),
  },
} satisfies CommandDefinition;
