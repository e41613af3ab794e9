import { z } from 'zod';
import { sub, type CommandDefinition } from '../src/core/command.ts';
import { bool, choice, int, localeChoice, text, zone } from '../src/core/fields.ts';
import { listReply, platformLabel } from '../src/core/views.ts';
import { formatInstant } from '../src/core/time.ts';
import { ORG_TYPES } from '../src/services/types.ts';
import { emailSub } from './member-email.ts';

const PAGE = 20;

export default {
  name: 'member',
  subcommands: {
    join: sub({
      access: 'anyone',
      input: z.object({
        organization: text({ min: 2, max: 120 }),
        type: choice(ORG_TYPES, 'orgType').optional(),
        country: text({ min: 2, max: 60 }).optional(),
        role: choice(['MEMBER', 'OBSERVER'] as const).optional(),
      }),
      async handler(input, ctx) {
        const { organization, role, created } = await ctx.services.members.join(ctx.actor, {
          ...input,
          role: input.role ?? 'MEMBER',
        });
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: ctx.t('member.joined_title', { organization: organization.name }),
          lines: [
            ctx.t(created ? 'member.joined_new' : 'member.joined_existing', {
              organization: organization.name,
              type: ctx.t(`orgType.${organization.type}`),
            }),
            ctx.t(`member.role_note.${role}`),
          ],
        };
      },
    }),
    profile: sub({
      access: 'anyone',
      input: z.object({
        name: text({ min: 1, max: 80 }).optional(),
        timezone: zone().optional(),
        locale: localeChoice().optional(),
      }),
      async handler(input, ctx) {
        const profile = await ctx.services.members.profile(ctx.actor, input);
        // Answer in the language just chosen.
        const t = input.locale ? ctx.t.in(input.locale) : ctx.t;
        // The zone replies use: the profile's, else the platform's, else the coalition's.
        const zoneNow = profile.timezone ?? ctx.timeZone;
        return {
          visibility: 'ephemeral',
          tone: Object.values(input).some((v) => v !== undefined) ? 'success' : 'info',
          title: profile.name,
          fields: [
            {
              label: t('field.organization'),
              value: profile.organization
                ? `${profile.organization.name} (${t(`orgType.${profile.organization.type}`)})`
                : t('member.no_organization'),
            },
            { label: t('field.role'), value: t(`role.${ctx.actor.role}`) },
            {
              label: t('field.timezone'),
              value: `${zoneNow} — ${formatInstant(ctx.now, t.locale, zoneNow)}`,
            },
            {
              label: t('field.language'),
              value: profile.locale ? t(`language.${profile.locale}`) : t('member.locale_auto'),
            },
            {
              label: t('field.platforms'),
              value: profile.platforms.map((p) => platformLabel(t, p)).join(', '),
            },
          ],
          footer: t('member.profile_hint'),
        };
      },
    }),
    list: sub({
      access: 'anyone',
      input: z.object({
        type: choice(ORG_TYPES, 'orgType').optional(),
        page: int({ min: 1, max: 1000 }).optional(),
      }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.members.list(ctx.actor.coalition.id, {
          type: input.type,
          page,
          pageSize: PAGE,
        });
        const lines = found.members.map(
          (m) =>
            `${m.name} — ${m.organization ? `${m.organization.name} (${ctx.t(`orgType.${m.organization.type}`)})` : ctx.t('member.no_organization')}` +
            `${m.role !== 'MEMBER' ? ` · ${ctx.t(`role.${m.role}`)}` : ''}`,
        );
        return listReply(
          ctx.t,
          ctx.t('member.list_title'),
          lines,
          found.total,
          page,
          PAGE,
          `/member list${input.type ? ` type:${input.type.toLowerCase()}` : ''}`,
        );
      },
    }),
    link: sub({
      access: 'anyone',
      input: z.object({
        code: text({
          min: 8,
          max: 8,
          error: 'member.link.code_format',
          check: (s) => /^[A-Za-z0-9]{8}$/.test(s),
        }).optional(),
      }),
      async handler(input, ctx) {
        if (!input.code) {
          const { code, expiresAt } = await ctx.services.members.createLinkCode(ctx.actor);
          return {
            visibility: 'ephemeral',
            title: ctx.t('member.link.title'),
            lines: [
              ctx.t('member.link.instructions', { code }),
              [ctx.t('member.link.expires'), { time: expiresAt }],
            ],
          };
        }
        const linked = await ctx.services.members.redeemLinkCode(ctx.actor, input.code);
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: ctx.t('member.link.title'),
          lines: [
            ctx.t('member.link.done', {
              name: linked.name,
              platforms: linked.platforms.map((p) => platformLabel(ctx.t, p)).join(', '),
            }),
          ],
        };
      },
    }),
    forget: sub({
      access: 'anyone',
      input: z.object({ name: text({ min: 1, max: 80 }).optional(), confirm: bool().optional() }),
      async handler(input, ctx) {
        // Forgetting someone else is the secretariat's call.
        if (input.name && input.name !== ctx.actor.displayName) ctx.require('secretariat');
        const who = input.name ?? ctx.actor.displayName;
        if (!input.confirm) {
          return {
            visibility: 'ephemeral',
            tone: 'warning',
            title: ctx.t('member.forget.title'),
            lines: [ctx.t('member.forget.explain', { name: who })],
            buttons: [
              {
                label: ctx.t('member.forget.confirm'),
                command: 'member',
                sub: 'forget',
                style: 'danger',
                input: { ...(input.name ? { name: input.name } : {}), confirm: 'yes' },
              },
            ],
          };
        }
        const { self } = await ctx.services.members.forget(ctx.actor, input.name);
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: ctx.t('member.forget.title'),
          lines: [ctx.t(self ? 'member.forget.done_self' : 'member.forget.done_other', { name: who })],
        };
      },
    }),
    email: emailSub,
  },
} satisfies CommandDefinition;
