import { z } from 'zod';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { ValidationError } from '../src/core/errors.ts';
import { choice, int } from '../src/core/fields.ts';
import { reportChart, reportFile } from '../src/core/report-format.ts';

export default {
  name: 'report',
  subcommands: {
    annual: sub({
      access: 'secretariat',
      input: z.object({
        year: int({ min: 2015, max: 2100 }).optional(),
        format: choice(['JSON', 'CSV', 'MD'] as const).optional(),
      }),
      async handler(input, ctx) {
        const thisYear = Number(
          new Intl.DateTimeFormat('en', { timeZone: ctx.actor.coalition.timezone, year: 'numeric' }).format(
            ctx.now,
          ),
        );
        const year = input.year ?? thisYear;
        if (year > thisYear + 1)
          throw new ValidationError([{ field: 'year', key: 'report.bad_year', params: {} }]);
        const r = await ctx.services.reports.annual(ctx.actor.coalition.id, year);
        const formats = input.format
          ? [input.format.toLowerCase() as 'json' | 'csv' | 'md']
          : (['json', 'csv', 'md'] as const);
        return {
          visibility: 'ephemeral',
          title: ctx.t('report.title', { year }),
          lines: [
            ctx.t('report.ready', {
              organizations: r.members.total,
              commitments: r.commitments.total,
              learnings: r.learnings.total,
              meetings: r.meetings.total,
              exchanges: r.exchanges.total,
            }),
          ],
          attachments: [...formats.map((f) => reportFile(r, f)), reportChart(r, ctx.t)],
        };
      },
    }),
  },
} satisfies CommandDefinition;
