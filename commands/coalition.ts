import { z } from 'zod';
import { descriptionKey, optionKey, sub, type CommandDefinition } from '../src/core/command.ts';
import { UserError, ValidationError } from '../src/core/errors.ts';
import { bool, choice, describe, localeChoice, text, zone } from '../src/core/fields.ts';
import { LICENSE_IDS, licenseOf } from '../src/core/open-data.ts';
import { personFields, personSpec } from '../src/core/person-input.ts';
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
        question: text({ min: 3, max: 120 }).optional(),
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
        const { coalition, channels, publish, questions, publication } =
          await ctx.services.coalition.settings(ctx.actor);
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
              value: publish
                ? t('coalition.published', {
                    page: `/c/${coalition.slug}`,
                    data: `/open/${coalition.slug}/datapackage.json`,
                    calendar: ctx.services.calendars.coalitionFeedUrl(coalition.slug),
                  })
                : t('coalition.not_published'),
            },
            {
              label: t('field.questions'),
              value: questions.length ? questions.map((q, i) => `extra${i + 1}: ${q}`).join(' · ') : none,
            },
            {
              label: t('field.license'),
              value: [{ url: licenseOf(publication.license).path, label: publication.license }],
            },
          ],
        };
      },
    }),
    admins: sub({
      access: 'secretariat',
      input: z.object({ action: choice(['LIST', 'ADD', 'REMOVE'] as const).optional(), ...personFields() }),
      async handler(input, ctx) {
        const t = ctx.t;
        const action = input.action ?? 'LIST';
        const lines: RichText[] = [];
        if (action !== 'LIST') {
          const spec = personSpec(input);
          if (!spec) throw new ValidationError([{ field: 'name', key: 'coalition.admins.who', params: {} }]);
          if (action === 'ADD') {
            const added = await ctx.services.secretariat.add(ctx.actor, spec);
            lines.push(
              t(
                added.already
                  ? 'coalition.admins.already'
                  : added.waiting
                    ? 'coalition.admins.added_waiting'
                    : 'coalition.admins.added',
                { name: added.name },
              ),
            );
          } else {
            const removed = await ctx.services.secretariat.remove(ctx.actor, spec);
            lines.push(t('coalition.admins.removed', { name: removed.name }));
          }
        }
        const list = await ctx.services.secretariat.list(ctx.actor.coalition.id);
        for (const p of list.people)
          lines.push(
            `${p.name} (${p.ids.join(', ')})${p.bootstrap ? ` · ${t('coalition.admins.bootstrap_mark')}` : ''}`,
          );
        for (const w of list.waiting)
          lines.push(
            `${w.id} · ${t('coalition.admins.not_seen')}${w.bootstrap ? ` · ${t('coalition.admins.bootstrap_mark')}` : ''}`,
          );
        return {
          visibility: 'ephemeral',
          tone: action === 'LIST' ? 'info' : 'success',
          title: t('coalition.admins_title', { coalition: ctx.actor.coalition.name }),
          lines,
          footer: t('coalition.admins.footer'),
        };
      },
    }),
    token: sub({
      access: 'secretariat',
      input: z.object({
        action: choice(['LIST', 'CREATE', 'REVOKE'] as const).optional(),
        name: text({ min: 2, max: 60 }).optional(),
      }),
      async handler(input, ctx) {
        const t = ctx.t;
        const action = input.action ?? 'LIST';
        if (action !== 'LIST' && !input.name)
          throw new ValidationError([{ field: 'name', key: 'coalition.token.name_required', params: {} }]);
        if (action === 'CREATE') {
          const { token } = await ctx.services.tokens.create(ctx.actor, input.name!);
          // Shown once, privately; only its hash is stored.
          return {
            visibility: 'ephemeral',
            tone: 'success',
            title: t('coalition.token.title'),
            lines: [
              t('coalition.token.created', { name: input.name!, coalition: ctx.actor.coalition.slug }),
              token,
              t('coalition.token.once'),
            ],
            footer: t('coalition.token.usage'),
          };
        }
        const lines: RichText[] = [];
        if (action === 'REVOKE') {
          await ctx.services.tokens.revoke(ctx.actor, input.name!);
          lines.push(t('coalition.token.revoked', { name: input.name! }));
        }
        const tokens = await ctx.services.tokens.list(ctx.actor.coalition.id);
        for (const k of tokens)
          lines.push([
            `${k.name} — ${k.holder} · ${t('coalition.token.created_on')} `,
            { time: k.createdAt },
            ...(k.lastUsedAt ? [` · ${t('coalition.token.used_on')} `, { time: k.lastUsedAt }] : []),
          ]);
        if (tokens.length === 0) lines.push(t('coalition.token.none'));
        return {
          visibility: 'ephemeral',
          tone: action === 'LIST' ? 'info' : 'success',
          title: t('coalition.token.title'),
          lines,
          footer: t('coalition.token.footer'),
        };
      },
    }),
  },
} satisfies CommandDefinition;
