import { createHash, randomInt } from 'node:crypto';
import { UserError } from '../core/errors.ts';
import type { ServiceDeps } from './context.ts';
import { foldKey } from './context.ts';
import { auditService } from './audit.service.ts';
import { toOrganizationView } from './people.service.ts';
import type { Actor, Locale, OrgTypeName, OrganizationView, RoleName } from './types.ts';

const LINK_TTL_MS = 15 * 60 * 1000;
// No 0/O/1/I: codes are read from one screen and typed into another.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('hex');

export interface MemberRow {
  personId: number;
  name: string;
  role: RoleName;
  organization: OrganizationView | null;
  platforms: string[];
}

export function memberService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  const personId = (a: Actor) => {
    if (a.personId === null) throw new Error('actor must be ensured before a write');
    return a.personId;
  };

  return {
    async join(
      actor: Actor,
      input: { organization: string; type?: OrgTypeName; country?: string; role: 'MEMBER' | 'OBSERVER' },
    ) {
      const coalitionId = actor.coalition.id;
      const nameKey = foldKey(input.organization);
      let org = await db.organization.findUnique({
        where: { coalitionId_nameKey: { coalitionId, nameKey } },
      });
      let created = false;
      if (!org) {
        if (!input.type)
          throw new UserError('member.join.type_required', { organization: input.organization });
        org = await db.organization.create({
          data: {
            coalitionId,
            name: input.organization,
            nameKey,
            type: input.type,
            country: input.country ?? null,
            status: input.role === 'OBSERVER' ? 'OBSERVER' : 'MEMBER',
          },
        });
        created = true;
      } else if (input.type && input.type !== org.type) {
        throw new UserError('member.join.type_mismatch', {
          organization: org.name,
          type: `t:orgType.${org.type}`,
        });
      }
      // The secretariat keeps its role when it joins an organisation.
      const role: RoleName =
        actor.role === 'SECRETARIAT'
          ? 'SECRETARIAT'
          : input.role === 'OBSERVER' || org.status === 'OBSERVER'
            ? 'OBSERVER'
            : 'MEMBER';
      const id = personId(actor);
      await db.person.update({
        where: { id },
        data: { organizationId: org.id, role, joinedAt: clock.now() },
      });
      await audit.record(coalitionId, id, 'member.join', `organization:${org.id}`, { created, role });
      return { organization: toOrganizationView(org), role, created };
    },

    async profile(actor: Actor, input: { name?: string; timezone?: string; locale?: Locale }) {
      const id = personId(actor);
      const person = await db.person.update({
        where: { id },
        data: { displayName: input.name, timezone: input.timezone, locale: input.locale },
        include: { organization: true, identities: true },
      });
      return {
        name: person.displayName,
        role: person.role,
        timezone: person.timezone,
        locale: person.locale as Locale | null,
        organization: person.organization ? toOrganizationView(person.organization) : null,
        platforms: person.identities.map((i) => i.platform),
      };
    },

    async list(coalitionId: number, filter: { type?: OrgTypeName; page: number; pageSize: number }) {
      const where = {
        coalitionId,
        erasedAt: null,
        joinedAt: { not: null },
        ...(filter.type ? { organization: { type: filter.type } } : {}),
      };
      // One connection per transaction: queries run in turn, never side by side.
      const total = await db.person.count({ where });
      const rows = await db.person.findMany({
        where,
        include: { organization: true, identities: { select: { platform: true } } },
        orderBy: [{ organization: { name: 'asc' } }, { displayName: 'asc' }, { id: 'asc' }],
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      });
      const members: MemberRow[] = rows.map((p) => ({
        personId: p.id,
        name: p.displayName,
        role: p.role,
        organization: p.organization ? toOrganizationView(p.organization) : null,
        platforms: [...new Set(p.identities.map((i) => i.platform))],
      }));
      return { total, members };
    },

    /** Step one of linking: a short code shown on the first platform, valid 15 minutes. */
    async createLinkCode(actor: Actor): Promise<{ code: string; expiresAt: Date }> {
      const id = personId(actor);
      const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      const expiresAt = new Date(clock.now().getTime() + LINK_TTL_MS);
      await db.linkCode.deleteMany({ where: { personId: id, usedAt: null } });
      await db.linkCode.create({ data: { personId: id, codeHash: hashCode(code), expiresAt } });
      return { code, expiresAt };
    },

    /** Step two: typed on the other platform, it moves this identity onto the code's person. */
    async redeemLinkCode(actor: Actor, code: string) {
      const link = await db.linkCode.findUnique({
        where: { codeHash: hashCode(code) },
        include: { person: true },
      });
      if (
        !link ||
        link.usedAt ||
        link.expiresAt <= clock.now() ||
        link.person.coalitionId !== actor.coalition.id ||
        link.person.erasedAt
      ) {
        throw new UserError('member.link.bad_code');
      }
      const target = link.person;
      const current = personId(actor);
      if (target.id === current) throw new UserError('member.link.same_person');
      const identity = await db.identity.findUniqueOrThrow({
        where: {
          coalitionId_platform_externalId: {
            coalitionId: actor.coalition.id,
            platform: actor.identity.platform,
            externalId: actor.identity.userId,
          },
        },
      });
      const already = await db.identity.findFirst({
        where: { personId: target.id, platform: actor.identity.platform },
      });
      if (already) throw new UserError('member.link.platform_taken', { platform: actor.identity.platform });
      await db.identity.update({ where: { id: identity.id }, data: { personId: target.id } });
      await db.linkCode.update({ where: { id: link.id }, data: { usedAt: clock.now() } });
      // The person created for this identity on first contact now has no identity left: fold its
      // traces into the linked person so nothing it did is lost, then remove it.
      const others = await db.identity.count({ where: { personId: current } });
      if (others === 0) {
        await db.learning.updateMany({ where: { authorId: current }, data: { authorId: target.id } });
        await db.commitment.updateMany({ where: { createdById: current }, data: { createdById: target.id } });
        await db.commitmentUpdate.updateMany({ where: { authorId: current }, data: { authorId: target.id } });
        await db.meeting.updateMany({ where: { organizerId: current }, data: { organizerId: target.id } });
        // Votes and RSVPs are unique per person: keep the linked person's own where both exist.
        for (const v of await db.learningVote.findMany({ where: { personId: current } })) {
          const dup = await db.learningVote.findUnique({
            where: { learningId_personId: { learningId: v.learningId, personId: target.id } },
          });
          if (dup) {
            await db.learningVote.delete({
              where: { learningId_personId: { learningId: v.learningId, personId: current } },
            });
            await db.learning.update({
              where: { id: v.learningId },
              data: { usefulCount: { decrement: 1 } },
            });
          } else {
            await db.learningVote.update({
              where: { learningId_personId: { learningId: v.learningId, personId: current } },
              data: { personId: target.id },
            });
          }
        }
        for (const r of await db.rsvp.findMany({ where: { personId: current } })) {
          const dup = await db.rsvp.findUnique({
            where: { meetingId_personId: { meetingId: r.meetingId, personId: target.id } },
          });
          if (dup) await db.rsvp.delete({ where: { id: r.id } });
          else await db.rsvp.update({ where: { id: r.id }, data: { personId: target.id } });
        }
        await db.person.delete({ where: { id: current } });
      }
      await audit.record(actor.coalition.id, target.id, 'member.link', `person:${target.id}`, {
        platform: actor.identity.platform,
      });
      return {
        name: target.displayName,
        platforms: (await db.identity.findMany({ where: { personId: target.id } })).map((i) => i.platform),
      };
    },

    /** Erases a person's personal data; anonymous counts (learnings, RSVPs, updates) stay. */
    async forget(actor: Actor, targetName?: string) {
      const coalitionId = actor.coalition.id;
      let targetId = personId(actor);
      if (targetName) {
        const matches = await db.person.findMany({
          where: { coalitionId, erasedAt: null, displayName: targetName },
        });
        if (matches.length === 0) throw new UserError('member.not_found', { name: targetName });
        if (matches.length > 1) throw new UserError('member.ambiguous', { name: targetName });
        targetId = matches[0]!.id;
      }
      await db.identity.deleteMany({ where: { personId: targetId } });
      await db.linkCode.deleteMany({ where: { personId: targetId } });
      // Registration answers (dietary, accessibility…) are personal: gone, the answer itself stays counted.
      await db.rsvp.updateMany({
        where: { personId: targetId, answers: { not: null } },
        data: { answers: null },
      });
      await db.person.update({
        where: { id: targetId },
        data: {
          displayName: `erased-${targetId}`,
          timezone: null,
          locale: null,
          calendarToken: null,
          erasedAt: clock.now(),
        },
      });
      await audit.record(coalitionId, personId(actor), 'member.forget', `person:${targetId}`);
      return { self: targetId === actor.personId };
    },
  };
}
