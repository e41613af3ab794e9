import { z } from 'zod';
import { Ref } from '../src/core/refs.ts';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { quote } from '../src/core/parse.ts';
import { choice, choices, int, ref, text, url } from '../src/core/fields.ts';
import { learningCard, learningLine, listReply } from '../src/core/views.ts';
import { THEMES } from '../src/services/types.ts';

const PAGE = 10;
const LANGUAGES = ['EN', 'FR', 'ES', 'PT', 'AR', 'OTHER'] as const;

export default {
  name: 'learning',
  messageAction: {
    sub: 'share',
    prefill: (message) => {
      const text = message.text.trim();
      const firstLine = text.split('\n', 1)[0] ?? '';
      // The resource is the first web link in the message, not the message itself.
      const url = /https?:\/\/[^\s<>|]+/.exec(text)?.[0];
      return {
        title: firstLine
          .replace(/<[^>]*>/g, '')
          .slice(0, 120)
          .trim(),
        summary: text.slice(0, 2000),
        ...(url ? { url } : {}),
      };
    },
  },
  subcommands: {
    share: sub({
      access: 'joined',
      input: z.object({
        title: text({ min: 3, max: 200 }),
        summary: text({ min: 10, max: 2000, long: true }),
        themes: choices(THEMES, 'theme'),
        url: url().optional(),
        country: text({ min: 2, max: 60 }).optional(),
        language: choice(LANGUAGES).optional(),
      }),
      async handler(input, ctx) {
        const learning = await ctx.services.learnings.share(ctx.actor, {
          ...input,
          language: (input.language ?? ctx.locale).toLowerCase(),
        });
        // The coalition's learnings channel gets the card, in the coalition's language.
        await ctx.deliver.announce('learnings', Ref.learning(learning.number), (t) =>
          learningCard(t, learning, 'public'),
        );
        const card = learningCard(ctx.t, learning, 'ephemeral');
        return {
          ...card,
          tone: 'success',
          lines: [ctx.t('learning.shared', { id: Ref.learning(learning.number) }), ...(card.lines ?? [])],
        };
      },
    }),
    search: sub({
      access: 'anyone',
      input: z.object({
        query: text({ min: 2, max: 100 }).optional(),
        theme: choice(THEMES, 'theme').optional(),
        page: int({ min: 1, max: 1000 }).optional(),
      }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.learnings.search(ctx.actor.coalition.id, {
          ...input,
          page,
          pageSize: PAGE,
        });
        const title = ctx.t('learning.search_title', {
          query: input.query ?? (input.theme ? ctx.t(`theme.${input.theme}`) : '*'),
        });
        const args = [
          input.query ? `query:${quote(input.query)}` : '',
          input.theme ? `theme:${input.theme.toLowerCase()}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return listReply(
          ctx.t,
          title,
          found.items.map((l) => learningLine(ctx.t, l)),
          found.total,
          page,
          PAGE,
          `/learning search ${args}`.trim(),
          ctx.t('learning.search_empty', { query: input.query ?? title }),
        );
      },
    }),
    list: sub({
      access: 'anyone',
      input: z.object({
        theme: choice(THEMES, 'theme').optional(),
        page: int({ min: 1, max: 1000 }).optional(),
      }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.learnings.search(ctx.actor.coalition.id, {
          theme: input.theme,
          page,
          pageSize: PAGE,
        });
        return listReply(
          ctx.t,
          ctx.t('learning.list_title'),
          found.items.map((l) => learningLine(ctx.t, l)),
          found.total,
          page,
          PAGE,
          `/learning list${input.theme ? ` theme:${input.theme.toLowerCase()}` : ''}`,
        );
      },
    }),
    show: sub({
      access: 'anyone',
      input: z.object({ id: ref('L') }),
      async handler(input, ctx) {
        return learningCard(
          ctx.t,
          await ctx.services.learnings.get(ctx.actor.coalition.id, input.id),
          'ephemeral',
        );
      },
    }),
    useful: sub({
      access: 'joined',
      hidden: true,
      input: z.object({ id: ref('L') }),
      async handler(input, ctx) {
        const { learning, voted } = await ctx.services.learnings.toggleUseful(ctx.actor, input.id);
        const card = learningCard(ctx.t, learning, 'public');
        return {
          ...card,
          tone: 'success',
          footer: ctx.t(voted ? 'learning.voted' : 'learning.unvoted', { id: Ref.learning(learning.number) }),
        };
      },
    }),
  },
} satisfies CommandDefinition;
