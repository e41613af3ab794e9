import { z } from 'zod';
import { sub, type CommandContext, type CommandDefinition } from '../src/core/command.ts';
import { bool, choice, int, localeChoice, ref, text, zone } from '../src/core/fields.ts';
import type { Translate } from '../src/core/i18n/index.ts';
import { personFields, personSpec } from '../src/core/person-input.ts';
import { Ref } from '../src/core/refs.ts';
import type { RichText } from '../src/core/reply.ts';
import { joinRequestCard, listReply, organizationLabel, platformLabel } from '../src/core/views.ts';
import { formatInstant } from '../src/core/time.ts';
import type { JoinRequestView } from '../src/services/member.service.ts';
import { OutboxKey } from '../src/services/index.ts';
import { ORG_TYPES, STANDINGS } from '../src/services/types.ts';
import { emailSub } from './member-email.ts';

const PAGE = 20;

/** The requester hears how their request was settled, in their own language. */
async function tellRequester(ctx: CommandContext, r: JoinRequestView, lines: (t: Translate) => RichText[]) {
  const readers = await ctx.services.people.readers([r.person.id]);
  await ctx.deliver.toPeople(
    readers,
    { kind: 'member.settled', key: (personId) => OutboxKey.joinSettled(r.id, personId) },
    (t) => joinRequestCard(t, r, 'ephemeral', { lines: lines(t) }),
  );
}

const standingOf = (t: Translate, r: JoinRequestView) =>
  t(`standing.${r.organization.observer ? 'OBSERVER' : 'MEMBER'}`);

export default {
  name: 'member',
  subcommands: {
    join: sub({
      access: 'anyone',
      input: z.object({
        organization: text({ min: 2, max: 120 }),
        type: choice(ORG_TYPES, 'orgType').optional(),
        country: text({ min: 2, max: 60 }).optional(),
        // What the person asks for; standing belongs to the organisation and is the secretariat's call.
        role: choice(STANDINGS, 'standing').optional(),
      }),
      async handler(input, ctx) {
        const { request, created, settled, settlers } = await ctx.services.members.join(ctx.actor, input);
        const id = Ref.join(request.number);
        const org = request.organization;
        if (settled)
          return {
            visibility: 'ephemeral',
            tone: 'success',
            title: ctx.t('member.joined_title', { organization: org.name }),
            lines: [ctx.t('member.joined_secretariat', { organization: organizationLabel(ctx.t, org), id })],
          };
        // Those who can settle it get the card with Approve and Decline, each in their language.
        const readers = await ctx.services.people.readers(settlers);
        await ctx.deliver.toPeople(
          readers,
          { kind: 'member.request', key: (personId) => OutboxKey.joinRequest(request.id, personId) },
          (t) =>
            joinRequestCard(t, request, 'ephemeral', {
              buttons: true,
              lines: [
                t(org.verified ? 'member.request.asks' : 'member.request.asks_new', {
                  name: request.person.name,
                  organization: org.name,
                }),
              ],
            }),
        );
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: ctx.t('member.request.sent_title', { id }),
          lines: [
            ctx.t(org.verified ? 'member.request.sent_existing' : 'member.request.sent_new', {
              organization: organizationLabel(ctx.t, org),
              id,
              created: created ? 'yes' : 'no',
            }),
            ctx.t('member.request.meanwhile'),
            ...(input.role ? [ctx.t('member.request.role_note')] : []),
          ],
          footer: ctx.t('member.request.sent_footer', { id }),
        };
      },
    }),
    review: sub({
      access: 'approved',
      input: z.object({ page: int({ min: 1, max: 1000 }).optional() }),
      async handler(input, ctx) {
        const page = input.page ?? 1;
        const found = await ctx.services.members.review(ctx.actor, { page, pageSize: PAGE });
        const reply = listReply(
          ctx.t,
          ctx.t('member.review_title'),
          found.items.map(
            (r) =>
              `${Ref.join(r.number)} · ${r.person.name} → ${organizationLabel(ctx.t, r.organization)}` +
              (r.requestedStanding
                ? ` · ${ctx.t('member.asked_as', { standing: ctx.t(`standing.${r.requestedStanding}`) })}`
                : ''),
          ),
          found.total,
          page,
          PAGE,
          '/member review',
        );
        // The first request waiting gets its buttons here too.
        const first = found.items[0];
        return first
          ? {
              ...reply,
              buttons: joinRequestCard(ctx.t, first, 'ephemeral', { buttons: true }).buttons?.map((b) => ({
                ...b,
                label: `${Ref.join(first.number)} · ${b.label}`,
                refresh: false,
              })),
            }
          : reply;
      },
    }),
    approve: sub({
      access: 'approved',
      input: z.object({ id: ref('J'), standing: choice(STANDINGS, 'standing').optional() }),
      async handler(input, ctx) {
        const r = await ctx.services.members.approve(ctx.actor, input.id, input.standing);
        const id = Ref.join(r.number);
        await tellRequester(ctx, r, (t) => [
          t('member.outcome.approved', { id, organization: r.organization.name, standing: standingOf(t, r) }),
          t(r.organization.observer ? 'member.role_note.OBSERVER' : 'member.role_note.MEMBER'),
        ]);
        return {
          ...joinRequestCard(ctx.t, r, 'ephemeral'),
          tone: 'success',
          lines: [ctx.t('member.approved', { id, name: r.person.name, organization: r.organization.name })],
        };
      },
    }),
    decline: sub({
      access: 'approved',
      input: z.object({ id: ref('J'), reason: text({ min: 3, max: 300 }).optional() }),
      async handler(input, ctx) {
        const r = await ctx.services.members.decline(ctx.actor, input.id, input.reason);
        const id = Ref.join(r.number);
        await tellRequester(ctx, r, (t) => [
          t('member.outcome.declined', { id, organization: r.organization.name }),
        ]);
        return {
          ...joinRequestCard(ctx.t, r, 'ephemeral'),
          tone: 'success',
          lines: [ctx.t('member.declined', { id, name: r.person.name, organization: r.organization.name })],
        };
      },
    }),
    remove: sub({
      access: 'joined',
      input: z.object(personFields()),
      async handler(input, ctx) {
        const spec = personSpec(input);
        const out = await ctx.services.members.remove(ctx.actor, spec);
        if (!out.self && !out.withdrawn) {
          const readers = await ctx.services.people.readers([out.personId]);
          await ctx.deliver.toPeople(
            readers,
            {
              kind: 'member.removed',
              key: (personId) => OutboxKey.memberRemoved(personId, out.personId, ctx.now),
            },
            (t) => ({
              visibility: 'ephemeral',
              tone: 'warning',
              title: t('member.removed_title', { organization: out.organization }),
              lines: [t('member.removed_dm', { organization: out.organization, by: ctx.actor.displayName })],
            }),
          );
        }
        const key = out.withdrawn ? 'member.withdrawn' : out.self ? 'member.left' : 'member.removed';
        return {
          visibility: 'ephemeral',
          tone: 'success',
          title: ctx.t('member.removed_title', { organization: out.organization }),
          lines: [ctx.t(key, { name: out.name, organization: out.organization })],
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
                ? organizationLabel(t, profile.organization)
                : ctx.actor.pending
                  ? t('member.pending_line', {
                      organization: organizationLabel(t, ctx.actor.pending.organization),
                      id: Ref.join(ctx.actor.pending.number),
                    })
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
        // Each person with what their organisation is (member, observer) or what they wait for.
        const lines = found.members.map(
          (m) =>
            `${m.name} — ${
              m.organization
                ? organizationLabel(ctx.t, m.organization)
                : m.pending
                  ? ctx.t('member.pending_line', {
                      organization: organizationLabel(ctx.t, m.pending.organization),
                      id: Ref.join(m.pending.number),
                    })
                  : ctx.t('member.no_organization')
            }${m.role === 'SECRETARIAT' ? ` · ${ctx.t('role.SECRETARIAT')}` : ''}`,
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
