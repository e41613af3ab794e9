import { z } from 'zod';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { ValidationError } from '../src/core/errors.ts';
import { FIRST_REPORT_YEAR, reportYears } from '../src/core/rules.ts';
import { choice, int } from '../src/core/fields.ts';
import { reportChart, reportFile } from '../src/core/report-format.ts';

export default {
  name: 'report',
  subcommands: {
    annual: sub({
      access: 'secretariat',
      input: z.object({
        year: int({ min: FIRST_REPORT_YEAR, max: 9999 }).optional(),
        format: choice(['JSON', 'CSV', 'MD'] as const).optional(),
      }),
      async handler(input, ctx) {
        const years = reportYears(ctx.now, ctx.actor.coalition.timezone);
        const year = input.year ?? years.last;
        if (year > years.last)
          throw new ValidationError([{ field: 'year', key: 'report.bad_year', params: years }]);
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
          attachments: [...formats.map((f) => reportFile(r, f, ctx.t)), reportChart(r, ctx.t)],
        };
      },
    }),
  },
} satisfies CommandDefinition;
