import { createHash, randomInt } from 'node:crypto';
import { UserError, ValidationError } from '../core/errors.ts';
import { Ref } from '../core/refs.ts';
import type { ServiceDeps } from './context.ts';
import { foldKey } from './context.ts';
import { auditService } from './audit.service.ts';
import { peopleService, toOrganizationView, type PersonSpec } from './people.service.ts';
import { nextNumber } from './sequence.ts';
import { isSecretariat } from './types.ts';
import type { Actor, Locale, OrgTypeName, OrganizationView, RoleName, StandingName } from './types.ts';

const LINK_TTL_MS = 15 * 60 * 1000;
// No 0/O/1/I: codes are read from one screen and typed into another.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('hex');

export interface MemberRow {
  personId: number;
  name: string;
  role: RoleName;
  organization: OrganizationView | null;
  pending: { number: number; organization: OrganizationView } | null;
  platforms: string[];
}

export type JoinStatusName = 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';

/** A join request as cards show it. */
export interface JoinRequestView {
  id: number;
  number: number;
  person: { id: number; name: string };
  organization: OrganizationView;
  /** The organisation was not verified when asked: the secretariat settles it and sets its standing. */
  newOrganization: boolean;
  requestedStanding: StandingName | null;
  status: JoinStatusName;
  reason: string | null;
  settledBy: string | null;
  settledAt: Date | null;
  createdAt: Date;
}

const requestInclude = {
  person: { select: { id: true, displayName: true, erasedAt: true } },
  organization: true,
  settledBy: { select: { displayName: true, erasedAt: true } },
} as const;

type RequestRow = {
  id: number;
  number: number;
  newOrganization: boolean;
  requestedStanding: string | null;
  status: string;
  reason: string | null;
  settledAt: Date | null;
  createdAt: Date;
  person: { id: number; displayName: string; erasedAt: Date | null };
  organization: Parameters<typeof toOrganizationView>[0];
  settledBy: { displayName: string; erasedAt: Date | null } | null;
};

const requestView = (r: RequestRow): JoinRequestView => ({
  id: r.id,
  number: r.number,
  person: { id: r.person.id, name: r.person.erasedAt ? '—' : r.person.displayName },
  organization: toOrganizationView(r.organization),
  newOrganization: r.newOrganization,
  requestedStanding: r.requestedStanding as StandingName | null,
  status: r.status as JoinStatusName,
  reason: r.reason,
  settledBy: r.settledBy && !r.settledBy.erasedAt ? r.settledBy.displayName : null,
  settledAt: r.settledAt,
  createdAt: r.createdAt,
});

export function memberService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = auditService(deps);
  const people = peopleService(deps);
  const personId = (a: Actor) => {
    if (a.personId === null) throw new Error('actor must be ensured before a write');
    return a.personId;
  };

  async function request(coalitionId: number, number: number) {
    const row = await db.joinRequest.findUnique({
      where: { coalitionId_number: { coalitionId, number } },
      include: requestInclude,
    });
    if (!row) throw new UserError('member.request.not_found', { id: Ref.join(number) });
    return row;
  }

  /** Who may settle a request to this organisation: the secretariat, and its approved members once it is verified. */
  async function settlers(coalitionId: number, org: { id: number; verifiedAt: Date | null }, except: number) {
    const rows = await db.person.findMany({
      where: {
        coalitionId,
        erasedAt: null,
        id: { not: except },
        OR: [{ role: 'SECRETARIAT' }, ...(org.verifiedAt ? [{ organizationId: org.id }] : [])],
      },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => r.id);
  }

  /** The actor may settle requests to `org`; refusals say who can. */
  function mustSettle(
    actor: Actor,
    org: { id: number; name: string; verifiedAt: Date | null },
    number: number,
    requester: number,
  ) {
    const secretariat = isSecretariat(actor);
    if (!org.verifiedAt) {
      if (!secretariat)
        throw new UserError('member.settle.secretariat_only', {
          id: Ref.join(number),
          organization: org.name,
        });
      return;
    }
    if (secretariat) return;
    if (requester === actor.personId) throw new UserError('member.settle.own', { id: Ref.join(number) });
    if (actor.organization?.id !== org.id || !actor.organization.verified)
      throw new UserError('member.settle.not_yours', { id: Ref.join(number), organization: org.name });
  }

  function mustBePending(r: { number: number; status: string }) {
    if (r.status !== 'PENDING')
      throw new UserError('member.request.settled', {
        id: Ref.join(r.number),
        status: `t:joinStatus.${r.status}`,
      });
  }

  /**
   * Settles a request only if it is still waiting (a conditional update): of two settlements racing,
   * the second finds it settled and fails, and its transaction writes nothing.
   */
  async function settleOnce(
    id: number,
    data: {
      status: JoinStatusName;
      reason?: string | null;
      settledById: number;
      settledAt: Date;
    },
  ) {
    const done = await db.joinRequest.updateMany({ where: { id, status: 'PENDING' }, data });
    if (done.count === 1) return;
    const now = await db.joinRequest.findUniqueOrThrow({ where: { id } });
    throw new UserError('member.request.settled', {
      id: Ref.join(now.number),
      status: `t:joinStatus.${now.status}`,
    });
  }

  /** A request that ends unapproved: claims made while it waited no longer name the organisation. */
  async function close(
    r: { id: number; personId: number; organizationId: number },
    org: { id: number; verifiedAt: Date | null },
    data: { status: 'DECLINED' | 'WITHDRAWN'; reason?: string | null; settledById: number },
  ) {
    const now = clock.now();
    await settleOnce(r.id, {
      status: data.status,
      reason: data.reason ?? null,
      settledById: data.settledById,
      settledAt: now,
    });
    await db.learning.updateMany({
      where: { authorId: r.personId, organizationId: org.id, verified: false },
      data: { organizationId: null, orgType: null },
    });
    // A new organisation nobody else waits for is no longer pending.
    if (!org.verifiedAt) {
      const waiting = await db.joinRequest.count({ where: { organizationId: org.id, status: 'PENDING' } });
      if (waiting === 0) await db.organization.update({ where: { id: org.id }, data: { declinedAt: now } });
    }
  }

  /** Settles a request as approved: the membership, and the marks on what the person did meanwhile. */
  async function approveRow(
    actor: Actor,
    r: { id: number; number: number; personId: number; organizationId: number },
    org: { id: number; type: string; status: string; verifiedAt: Date | null },
    standing: StandingName | undefined,
  ) {
    const now = clock.now();
    // First, so that of two people pressing Approve at once, one settles and the other is told.
    await settleOnce(r.id, { status: 'APPROVED', settledById: personId(actor), settledAt: now });
    let current = org;
    if (!org.verifiedAt) {
      current = await db.organization.update({
        where: { id: org.id },
        data: { verifiedAt: now, declinedAt: null, status: standing! },
      });
    }
    await db.person.update({ where: { id: r.personId }, data: { organizationId: org.id, joinedAt: now } });
    // The mark follows the approval: what the person shared and answered while waiting is verified.
    await db.learning.updateMany({
      where: { authorId: r.personId, organizationId: org.id, verified: false },
      data: { verified: true, orgType: current.type as OrgTypeName },
    });
    await db.rsvp.updateMany({
      where: { personId: r.personId, verified: false },
      data: { verified: true, observer: current.status === 'OBSERVER' },
    });
    await audit.record(actor.coalition.id, personId(actor), 'member.approve', Ref.join(r.number), {
      organization: org.id,
      person: r.personId,
      ...(org.verifiedAt ? {} : { verified: true, standing }),
    });
  }

  return {
    /**
     * `/member join`: a join request (J4). A new organisation is created pending; the secretariat's
     * own request settles itself (its organisation is verified when it joins). `role` is only what
     * the person asks for: it grants nothing.
     */
    async join(
      actor: Actor,
      input: { organization: string; type?: OrgTypeName; country?: string; role?: StandingName },
    ): Promise<{ request: JoinRequestView; created: boolean; settled: boolean; settlers: number[] }> {
      const coalitionId = actor.coalition.id;
      const me = personId(actor);
      const secretariat = isSecretariat(actor);
      const nameKey = foldKey(input.organization);
      let org = await db.organization.findUnique({
        where: { coalitionId_nameKey: { coalitionId, nameKey } },
      });
      if (org && input.type && input.type !== org.type)
        throw new UserError('member.join.type_mismatch', {
          organization: org.name,
          type: `t:orgType.${org.type}`,
        });
      if (actor.organization) {
        if (org && actor.organization.id === org.id)
          throw new UserError('member.join.already', { organization: org.name });
        if (!secretariat)
          throw new UserError('member.join.elsewhere', { organization: actor.organization.name });
      }
      if (actor.pending) {
        if (org && actor.pending.organization.id === org.id)
          throw new UserError('member.join.waiting', {
            id: Ref.join(actor.pending.number),
            organization: org.name,
          });
        // A new request replaces the one still waiting (a typo, a change of mind).
        const old = await db.joinRequest.findUniqueOrThrow({
          where: { coalitionId_number: { coalitionId, number: actor.pending.number } },
          include: { organization: true },
        });
        await close(old, old.organization, { status: 'WITHDRAWN', settledById: me });
        await audit.record(coalitionId, me, 'member.withdraw', Ref.join(old.number), { replaced: true });
      }
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
            status: input.role ?? 'MEMBER',
            createdAt: clock.now(),
          },
        });
        created = true;
      } else if (!org.verifiedAt && org.declinedAt) {
        // Declined before: asked again, it is pending again.
        org = await db.organization.update({
          where: { id: org.id },
          data: { declinedAt: null, country: input.country ?? org.country },
        });
        created = true;
      }
      const number = await nextNumber(db, coalitionId, 'joinSeq');
      const row = await db.joinRequest.create({
        data: {
          coalitionId,
          number,
          personId: me,
          organizationId: org.id,
          newOrganization: org.verifiedAt === null,
          requestedStanding: input.role ?? null,
          createdAt: clock.now(),
        },
      });
      await audit.record(coalitionId, me, 'member.join', Ref.join(number), {
        organization: org.id,
        created,
        newOrganization: org.verifiedAt === null,
        ...(input.role ? { asked: input.role } : {}),
      });
      if (secretariat) {
        if (actor.organization)
          await audit.record(coalitionId, me, 'member.remove', `person:${me}`, {
            organization: actor.organization.id,
            moved: true,
          });
        await approveRow(actor, row, org, input.role ?? (org.status as StandingName));
        return {
          request: requestView(await request(coalitionId, number)),
          created,
          settled: true,
          settlers: [],
        };
      }
      return {
        request: requestView(await request(coalitionId, number)),
        created,
        settled: false,
        settlers: await settlers(coalitionId, org, me),
      };
    },

    async get(coalitionId: number, number: number): Promise<JoinRequestView> {
      return requestView(await request(coalitionId, number));
    },

    /** `/member approve J4 [standing]`: by the secretariat, or an approved member of a verified organisation. */
    async approve(actor: Actor, number: number, standing?: StandingName): Promise<JoinRequestView> {
      const coalitionId = actor.coalition.id;
      const r = await request(coalitionId, number);
      mustBePending(r);
      const org = r.organization;
      mustSettle(actor, org, number, r.personId);
      if (!org.verifiedAt && !standing)
        throw new ValidationError([
          { field: 'standing', key: 'member.settle.standing_required', params: { organization: org.name } },
        ]);
      if (org.verifiedAt && standing && standing !== org.status)
        throw new UserError('member.settle.standing_fixed', {
          organization: org.name,
          standing: `t:standing.${org.status}`,
        });
      const requester = await db.person.findUniqueOrThrow({ where: { id: r.personId } });
      if (
        requester.organizationId !== null &&
        requester.organizationId !== org.id &&
        requester.role !== 'SECRETARIAT'
      )
        throw new UserError('member.settle.moved', { id: Ref.join(number) });
      await approveRow(actor, r, org, standing);
      return requestView(await request(coalitionId, number));
    },

    /** `/member decline J4 [reason]`: the same people as approve. */
    async decline(actor: Actor, number: number, reason?: string): Promise<JoinRequestView> {
      const coalitionId = actor.coalition.id;
      const r = await request(coalitionId, number);
      mustBePending(r);
      mustSettle(actor, r.organization, number, r.personId);
      await close(r, r.organization, { status: 'DECLINED', reason, settledById: personId(actor) });
      // The audit says whether a reason was given, never the reason itself (member text).
      await audit.record(coalitionId, personId(actor), 'member.decline', Ref.join(number), {
        organization: r.organizationId,
        person: r.personId,
        reason: Boolean(reason),
      });
      return requestView(await request(coalitionId, number));
    },

    /** Requests waiting for this actor: all of them for the secretariat, their organisation's for its members. */
    async review(actor: Actor, page: { page: number; pageSize: number }) {
      const secretariat = isSecretariat(actor);
      if (!secretariat && !actor.organization?.verified) return { total: 0, items: [] as JoinRequestView[] };
      const where = {
        coalitionId: actor.coalition.id,
        status: 'PENDING' as const,
        ...(secretariat
          ? {}
          : {
              organizationId: actor.organization!.id,
              personId: { not: personId(actor) },
            }),
      };
      const total = await db.joinRequest.count({ where });
      const rows = await db.joinRequest.findMany({
        where,
        include: requestInclude,
        orderBy: { number: 'asc' },
        skip: (page.page - 1) * page.pageSize,
        take: page.pageSize,
      });
      return { total, items: rows.map(requestView) };
    },

    /**
     * `/member remove`: someone leaves their organisation (staff who leave). The secretariat or an
     * approved member of that organisation may remove them; anyone may remove themselves, which
     * also withdraws a request still waiting.
     */
    async remove(
      actor: Actor,
      spec: PersonSpec | null,
    ): Promise<{ personId: number; name: string; organization: string; self: boolean; withdrawn: boolean }> {
      const coalitionId = actor.coalition.id;
      const me = personId(actor);
      const target = spec ? (await people.lookup(coalitionId, spec)).person : { id: me };
      if (!target)
        throw new UserError('member.not_found', {
          name: spec?.name ?? `${spec?.platform ?? ''}:${spec?.externalId ?? ''}`,
        });
      const row = await db.person.findUniqueOrThrow({
        where: { id: target.id },
        include: {
          organization: true,
          joinRequests: { where: { status: 'PENDING' }, include: { organization: true }, take: 1 },
        },
      });
      const self = row.id === me;
      if (!row.organization) {
        const waiting = row.joinRequests[0];
        if (waiting && (self || isSecretariat(actor))) {
          await close(waiting, waiting.organization, { status: 'WITHDRAWN', settledById: me });
          await audit.record(coalitionId, me, 'member.withdraw', Ref.join(waiting.number), {
            person: row.id,
          });
          return {
            personId: row.id,
            name: row.displayName,
            organization: waiting.organization.name,
            self,
            withdrawn: true,
          };
        }
        throw new UserError('member.remove.none', { name: row.displayName });
      }
      if (!self && !isSecretariat(actor) && actor.organization?.id !== row.organization.id)
        throw new UserError('member.remove.not_yours', {
          name: row.displayName,
          organization: row.organization.name,
        });
      await db.person.update({ where: { id: row.id }, data: { organizationId: null } });
      await audit.record(coalitionId, me, 'member.remove', `person:${row.id}`, {
        organization: row.organization.id,
      });
      return {
        personId: row.id,
        name: row.displayName,
        organization: row.organization.name,
        self,
        withdrawn: false,
      };
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

    /** People with an organisation (approved or asked for) and the secretariat, with their standing. */
    async list(coalitionId: number, filter: { type?: OrgTypeName; page: number; pageSize: number }) {
      const pendingWhere = { status: 'PENDING' as const };
      const where = {
        coalitionId,
        erasedAt: null,
        ...(filter.type
          ? {
              OR: [
                { organization: { type: filter.type } },
                {
                  organizationId: null,
                  joinRequests: { some: { ...pendingWhere, organization: { type: filter.type } } },
                },
              ],
            }
          : {
              OR: [
                { organizationId: { not: null } },
                { joinRequests: { some: pendingWhere } },
                { role: 'SECRETARIAT' as const },
              ],
            }),
      };
      // One connection per transaction: queries run in turn, never side by side.
      const total = await db.person.count({ where });
      const rows = await db.person.findMany({
        where,
        include: {
          organization: true,
          identities: { select: { platform: true } },
          joinRequests: {
            where: pendingWhere,
            include: { organization: true },
            orderBy: { id: 'desc' },
            take: 1,
          },
        },
        orderBy: [{ organization: { name: 'asc' } }, { displayName: 'asc' }, { id: 'asc' }],
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      });
      const members: MemberRow[] = rows.map((p) => {
        const waiting = p.joinRequests[0];
        return {
          personId: p.id,
          name: p.displayName,
          role: p.role,
          organization: p.organization ? toOrganizationView(p.organization) : null,
          pending: waiting
            ? { number: waiting.number, organization: toOrganizationView(waiting.organization) }
            : null,
          platforms: [...new Set(p.identities.map((i) => i.platform))],
        };
      });
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
      if (already)
        throw new UserError('member.link.platform_taken', {
          platform: `t:platformName.${actor.identity.platform}`,
        });
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
        await db.joinRequest.updateMany({ where: { personId: current }, data: { personId: target.id } });
        await db.joinRequest.updateMany({
          where: { settledById: current },
          data: { settledById: target.id },
        });
        await db.apiToken.updateMany({ where: { personId: current }, data: { personId: target.id } });
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
      await db.apiToken.deleteMany({ where: { personId: targetId } });
      await db.mailAddress.deleteMany({ where: { personId: targetId } });
      await db.mailInvitation.deleteMany({ where: { personId: targetId } });
      await db.person.update({
        where: { id: targetId },
        data: { displayName: `erased-${targetId}`, timezone: null, locale: null, erasedAt: clock.now() },
      });
      await audit.record(coalitionId, personId(actor), 'member.forget', `person:${targetId}`);
      return { self: targetId === actor.personId };
    },
  };
}
