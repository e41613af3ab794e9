import { z } from 'zod';
import { descriptionKey, optionKey, sub, type CommandDefinition } from '../src/core/command.ts';
import { UserError } from '../src/core/errors.ts';
import { bool, choice, describe, localeChoice, text, zone } from '../src/core/fields.ts';
import { LICENSE_IDS, licenseOf } from '../src/core/open-data.ts';
import type { RichText } from '../src/core/reply.ts';

const channel = () =>
  text({ min: 1, max: 80, error: 'coalition.bad_channel', check: (s) => /^[#<@!&>\w.-]+$/.test(s) });

export default {
  name: 'coalition',
  subcommands: {
    help: sub({
      access: 'anyone',
      input: z.object({ command: text({ min: 1, max: 30 }).optional() }),
      async handler(input, ctx) {
        const t = ctx.t;
        const wanted = input.command?.replace(/^\//, '').toLowerCase();
        const commands = ctx.commands.filter((c) => !wanted || c.name === wanted);
        if (commands.length === 0)
          throw new UserError('error.unknown_command', { command: input.command ?? '' });
        const lines: RichText[] = [];
        for (const c of commands) {
          lines.push(`/${c.name} — ${t(descriptionKey(c.name))}`);
          for (const [name, s] of Object.entries(c.subcommands)) {
            if (s.hidden) continue;
            const fields = describe(s.input);
            const syntax = fields.map((f) => (f.required ? `${f.key}:…` : `[${f.key}:…]`)).join(' ');
            lines.push(`   /${c.name} ${name} ${syntax} — ${t(descriptionKey(c.name, name))}`);
            if (wanted)
              for (const f of fields)
                lines.push(
                  `      ${f.key}: ${t(optionKey(f.key))}${f.values ? ` (${f.values.map((v) => v.toLowerCase()).join(', ')})` : ''}`,
                );
          }
        }
        return {
          visibility: 'ephemeral',
          title: t('help.title', { coalition: ctx.actor.coalition.name }),
          lines: [t('help.intro'), ...lines],
          footer: t('help.footer'),
        };
      },
    }),
    settings: sub({
      access: 'secretariat',
      input: z.object({
        name: text({ min: 3, max: 120 }).optional(),
        timezone: zone().optional(),
        locale: localeChoice().optional(),
        reminders: text({
          max: 40,
          error: 'coalition.bad_reminders',
          check: (s) =>
            /^\d{1,5}(\s*,\s*\d{1,5})*$/.test(s) &&
            s.split(',').every((n) => Number(n) >= 5 && Number(n) <= 20160),
        }).optional(),
        learnings_channel: channel().optional(),
        announcements_channel: channel().optional(),
        digest_channel: channel().optional(),
        publish: bool().optional(),
        license: choice(LICENSE_IDS).optional(),
      }),
      async handler(input, ctx) {
        const changed = Object.values(input).some((v) => v !== undefined);
        if (changed) {
          await ctx.services.coalition.update(ctx.actor, {
            ...input,
            reminders: input.reminders?.split(',').map((n) => Number(n.trim())),
          });
        }
        const { coalition, channels, publication } = await ctx.services.coalition.settings(ctx.actor);
        const t = ctx.t;
        const none = t('coalition.unset');
        return {
          visibility: 'ephemeral',
          tone: changed ? 'success' : 'info',
          title: t('coalition.settings_title', { coalition: coalition.name }),
          lines: changed ? [t('coalition.saved')] : [],
          fields: [
            { label: t('field.timezone'), value: coalition.timezone },
            { label: t('field.language'), value: t(`language.${coalition.locale}`) },
            {
              label: t('field.reminders'),
              value: coalition.reminderOffsets.map((m) => t('meeting.minutes', { count: m })).join(', '),
            },
            { label: t('field.learnings_channel'), value: channels.learnings ?? none },
            { label: t('field.announcements_channel'), value: channels.announcements ?? none },
            { label: t('field.digest_channel'), value: channels.digest ?? none },
            {
              label: t('field.publish'),
              value: publication.published
                ? t('coalition.published', {
                    page: `/c/${coalition.slug}`,
                    data: `/open/${coalition.slug}/datapackage.json`,
                  })
                : t('coalition.unpublished'),
            },
            {
              label: t('field.license'),
              value: [{ url: licenseOf(publication.license).path, label: publication.license }],
            },
          ],
        };
      },
    }),
  },
} satisfies CommandDefinition;
