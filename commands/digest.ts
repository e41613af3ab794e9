import { z } from 'zod';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { ValidationError } from '../src/core/errors.ts';
import { text } from '../src/core/fields.ts';
import { digestCard, digestMarkdown } from '../src/core/report-format.ts';
import { isoWeek, parseIsoWeek } from '../src/services/index.ts';

export default {
  name: 'digest',
  defaultSub: 'week',
  subcommands: {
    week: sub({
      access: 'secretariat',
      input: z.object({
        week: text({
          min: 8,
          max: 8,
          error: 'digest.bad_week',
          check: (s) => /^\d{4}-W\d{2}$/i.test(s),
        }).optional(),
      }),
      async handler(input, ctx) {
        const zone = ctx.actor.coalition.timezone;
        // Default: last week, the one the Monday digest covers.
        const range = input.week
          ? parseIsoWeek(input.week.toUpperCase(), zone)
          : isoWeek(new Date(isoWeek(ctx.now, zone).start.getTime() - 1), zone);
        if (!range) throw new ValidationError([{ field: 'week', key: 'digest.bad_week', params: {} }]);
        if (range.start > isoWeek(ctx.now, zone).start)
          throw new ValidationError([
            { field: 'week', key: 'digest.not_begun', params: { week: range.label } },
          ]);
        const digest = await ctx.services.digests.details(ctx.actor.coalition.id, range, zone);
        return {
          ...digestCard(ctx.t, digest, 'ephemeral'),
          attachments: [
            {
              filename: `docket-digest-${range.label}.md`,
              contentType: 'text/markdown',
              content: digestMarkdown(digest, ctx.t, ctx.timeZone),
            },
          ],
        };
      },
    }),
  },
} satisfies CommandDefinition;
