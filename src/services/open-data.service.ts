// What a publishing coalition shows the world: open-data rows per resource and the public page's
// content. Never people (no names, authors, organisers, attendees or answers), never join links,
// and only records that publication.ts allows.
import { createHash } from 'node:crypto';
import { SDG_DEFINITIONS, type SdgIndicatorCode } from '../core/indicators.ts';
import { Ref } from '../core/refs.ts';
import type { OpenRow, ResourceName } from '../core/open-data.ts';
import type { ServiceDeps } from './context.ts';
import { toIndicatorView, type IndicatorView } from './indicator.service.ts';
import { fromPublishedOrganization } from './publication.ts';
import { THEMES, type CompletionName, type MeetingKindName, type ThemeName } from './types.ts';
import { asLocale } from './people.service.ts';
import type { Locale } from './types.ts';

export interface PublicCoalition {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  locale: Locale;
  license: string;
}

export interface PublicCommitment {
  number: number;
  ogpId: string | null;
  member: string;
  planPeriod: string;
  title: string;
  organization: string | null;
  completion: CompletionName;
  themes: ThemeName[];
  lastUpdateAt: Date;
  indicators: IndicatorView[];
}

export interface PublicPage {
  coalition: PublicCoalition;
  commitments: PublicCommitment[];
  learnings: {
    total: number;
    byTheme: {
      theme: ThemeName;
      count: number;
      latest: { number: number; title: string; url: string | null }[];
    }[];
  };
  meetings: {
    number: number;
    title: string;
    kind: MeetingKindName;
    startsAt: Date;
    durationMinutes: number;
    timezone: string;
    location: string | null;
  }[];
}

/** Learnings listed per theme on the page; the rest are in the data. */
export const PAGE_LEARNINGS_PER_THEME = 5;
export const PAGE_MEETINGS = 10;

const maxDate = (...ds: (Date | null | undefined)[]): Date =>
  new Date(Math.max(0, ...ds.filter((d): d is Date => d instanceof Date).map((d) => d.getTime())));

export function openDataService({ db }: ServiceDeps) {
  const published = fromPublishedOrganization();
  const commitmentWhere = (coalitionId: number) => ({ coalitionId, ...published });
  const learningWhere = (coalitionId: number) => ({ coalitionId, ...published });
  const indicatorWhere = (coalitionId: number) => ({ coalitionId, commitment: published });

  return {
    /** The coalition with this slug if it publishes; null otherwise (its pages answer 404). */
    async coalition(slug: string): Promise<PublicCoalition | null> {
      const c = await db.coalition.findUnique({ where: { slug } });
      if (!c || !c.publish) return null;
      return {
        id: c.id,
        slug: c.slug,
        name: c.name,
        timezone: c.timezone,
        locale: asLocale(c.locale) ?? 'en',
        license: c.dataLicense,
      };
    },

    /**
     * When the published data last changed, and a fingerprint that changes with anything the page
     * or the data show: cheap aggregates, so a conditional request costs no rendering. Meetings
     * that have begun since leave the page's "upcoming" list: their count is in it.
     */
    async version(c: PublicCoalition, now: Date): Promise<{ lastModified: Date; fingerprint: string }> {
      const coalition = await db.coalition.findUniqueOrThrow({ where: { id: c.id } });
      const commitments = await db.commitment.aggregate({
        where: commitmentWhere(c.id),
        _count: { _all: true },
        _max: { lastUpdateAt: true, createdAt: true },
      });
      const updates = await db.commitmentUpdate.aggregate({
        where: { commitment: commitmentWhere(c.id) },
        _count: { _all: true },
        _max: { createdAt: true },
      });
      const indicators = await db.indicator.aggregate({
        where: indicatorWhere(c.id),
        _count: { _all: true },
        _max: { updatedAt: true },
      });
      const measurements = await db.measurement.aggregate({
        where: { indicator: indicatorWhere(c.id) },
        _count: { _all: true },
        _max: { updatedAt: true },
      });
      const learnings = await db.learning.aggregate({
        where: learningWhere(c.id),
        _count: { _all: true },
        _max: { createdAt: true },
        _sum: { usefulCount: true },
      });
      const meetings = await db.meeting.aggregate({
        where: { coalitionId: c.id },
        _count: { _all: true },
        _max: { updatedAt: true },
      });
      const begun = await db.meeting.aggregate({
        where: { coalitionId: c.id, startsAt: { lte: now } },
        _count: { _all: true },
        _max: { startsAt: true },
      });
      const organizations = await db.organization.count({ where: { coalitionId: c.id } });
      const lastModified = maxDate(
        coalition.createdAt,
        commitments._max.lastUpdateAt,
        commitments._max.createdAt,
        updates._max.createdAt,
        indicators._max.updatedAt,
        measurements._max.updatedAt,
        learnings._max.createdAt,
        meetings._max.updatedAt,
        begun._max.startsAt,
      );
      const fingerprint = createHash('sha256')
        .update(
          JSON.stringify([
            coalition.name,
            coalition.timezone,
            coalition.locale,
            coalition.dataLicense,
            commitments._count._all,
            updates._count._all,
            indicators._count._all,
            measurements._count._all,
            learnings._count._all,
            learnings._sum.usefulCount,
            meetings._count._all,
            begun._count._all,
            organizations,
            lastModified.getTime(),
          ]),
        )
        .digest('base64url');
      return { lastModified, fingerprint };
    },

    /** One resource's rows, as the Table Schemas in src/core/open-data.ts name their fields. */
    async rows(coalitionId: number, resource: ResourceName): Promise<OpenRow[]> {
      switch (resource) {
        case 'commitments': {
          const rows = await db.commitment.findMany({
            where: commitmentWhere(coalitionId),
            include: { themes: true, organization: { select: { name: true } } },
            orderBy: { number: 'asc' },
          });
          return rows.map((c) => ({
            id: Ref.commitment(c.number),
            ogp_id: c.ogpId,
            member: c.member,
            action_plan: c.planPeriod,
            title: c.title,
            description: c.description,
            lead_institution: c.leadInstitution,
            organisation: c.organization?.name ?? null,
            origin: c.createdById === null && c.organizationId === null ? 'ogp_import' : 'member',
            themes:
              c.themes
                .map((t) => t.theme)
                .sort()
                .join(' ') || null,
            people_centred: c.peopleCentred,
            sdg_targets: c.sdgTargets.split(',').filter(Boolean).join(' ') || null,
            completion: c.completion,
            logged_at: c.createdAt,
            last_update_at: c.lastUpdateAt,
          }));
        }
        case 'updates': {
          const rows = await db.commitmentUpdate.findMany({
            where: { commitment: commitmentWhere(coalitionId) },
            include: { commitment: { select: { number: true } } },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          });
          return rows.map((u) => ({
            id: u.id,
            commitment_id: Ref.commitment(u.commitment.number),
            updated_at: u.createdAt,
            completion: u.completion,
            previous_completion: u.previousCompletion,
            note: u.note,
            evidence_url: u.evidenceUrl,
          }));
        }
        case 'indicators': {
          const rows = await db.indicator.findMany({
            where: indicatorWhere(coalitionId),
            include: {
              commitment: { select: { number: true } },
              measurements: { orderBy: { measuredOn: 'desc' }, take: 1 },
            },
            orderBy: { number: 'asc' },
          });
          return rows.map((i) => ({
            id: Ref.indicator(i.number),
            commitment_id: Ref.commitment(i.commitment.number),
            name: i.name ?? SDG_DEFINITIONS[i.sdg as SdgIndicatorCode]?.name ?? i.sdg,
            sdg_indicator: i.sdg,
            unit: i.unit,
            direction: i.direction.toLowerCase(),
            baseline_value: i.baselineValue,
            baseline_date: i.baselineDate,
            baseline_source: i.baselineSource,
            target_value: i.targetValue,
            target_date: i.targetDate,
            latest_value: i.measurements[0]?.value ?? null,
            latest_date: i.measurements[0]?.measuredOn ?? null,
          }));
        }
        case 'measurements': {
          const rows = await db.measurement.findMany({
            where: { indicator: indicatorWhere(coalitionId) },
            include: {
              indicator: { select: { number: true, commitment: { select: { number: true } } } },
            },
            orderBy: [{ indicator: { number: 'asc' } }, { measuredOn: 'asc' }],
          });
          return rows.map((m) => ({
            indicator_id: Ref.indicator(m.indicator.number),
            commitment_id: Ref.commitment(m.indicator.commitment.number),
            date: m.measuredOn,
            value: m.value,
            source_url: m.sourceUrl,
            note: m.note,
          }));
        }
        case 'learnings': {
          const rows = await db.learning.findMany({
            where: learningWhere(coalitionId),
            include: { themes: true, organization: { select: { name: true } } },
            orderBy: { number: 'asc' },
          });
          return rows.map((l) => ({
            id: Ref.learning(l.number),
            title: l.title,
            summary: l.summary,
            url: l.url,
            themes:
              l.themes
                .map((t) => t.theme)
                .sort()
                .join(' ') || null,
            country: l.country,
            language: l.language,
            organisation: l.organization?.name ?? null,
            organisation_type: l.orgType,
            useful: l.usefulCount,
            shared_at: l.createdAt,
          }));
        }
        case 'meetings': {
          // Deliberately selected: never the join link, the organiser, the agenda or the answers.
          const rows = await db.meeting.findMany({
            where: { coalitionId },
            select: {
              number: true,
              title: true,
              kind: true,
              startsAt: true,
              durationMinutes: true,
              timezone: true,
              location: true,
              cancelledAt: true,
            },
            orderBy: { number: 'asc' },
          });
          return rows.map((m) => ({
            id: Ref.meeting(m.number),
            title: m.title,
            kind: m.kind,
            starts_at: m.startsAt,
            ends_at: new Date(m.startsAt.getTime() + m.durationMinutes * 60_000),
            timezone: m.timezone,
            location: m.kind === 'VIRTUAL' ? null : m.location,
            status: m.cancelledAt ? 'cancelled' : 'scheduled',
          }));
        }
      }
    },

    /** What the public page shows: commitments with their indicators, learnings by theme, what is next. */
    async page(c: PublicCoalition, now: Date): Promise<Omit<PublicPage, 'coalition'>> {
      const commitments = await db.commitment.findMany({
        where: commitmentWhere(c.id),
        select: {
          number: true,
          ogpId: true,
          member: true,
          planPeriod: true,
          title: true,
          completion: true,
          lastUpdateAt: true,
          organization: { select: { name: true } },
          themes: { select: { theme: true } },
          indicators: {
            include: {
              commitment: { select: { number: true } },
              measurements: { orderBy: { measuredOn: 'asc' } },
            },
            orderBy: { number: 'asc' },
          },
        },
        orderBy: [{ lastUpdateAt: 'desc' }, { number: 'desc' }],
      });
      const byTheme: PublicPage['learnings']['byTheme'] = [];
      for (const g of await db.learningTheme.groupBy({
        by: ['theme'],
        where: { learning: learningWhere(c.id) },
        _count: { _all: true },
      })) {
        const latest = await db.learning.findMany({
          where: { ...learningWhere(c.id), themes: { some: { theme: g.theme } } },
          select: { number: true, title: true, url: true },
          orderBy: { number: 'desc' },
          take: PAGE_LEARNINGS_PER_THEME,
        });
        byTheme.push({ theme: g.theme, count: g._count._all, latest });
      }
      byTheme.sort((a, b) => THEMES.indexOf(a.theme) - THEMES.indexOf(b.theme));
      const meetings = await db.meeting.findMany({
        where: { coalitionId: c.id, cancelledAt: null, startsAt: { gt: now } },
        select: {
          number: true,
          title: true,
          kind: true,
          startsAt: true,
          durationMinutes: true,
          timezone: true,
          location: true,
        },
        orderBy: { startsAt: 'asc' },
        take: PAGE_MEETINGS,
      });
      return {
        commitments: commitments.map((x) => ({
          number: x.number,
          ogpId: x.ogpId,
          member: x.member,
          planPeriod: x.planPeriod,
          title: x.title,
          organization: x.organization?.name ?? null,
          completion: x.completion,
          themes: x.themes.map((t) => t.theme).sort(),
          lastUpdateAt: x.lastUpdateAt,
          indicators: x.indicators.map(toIndicatorView),
        })),
        learnings: {
          total: await db.learning.count({ where: learningWhere(c.id) }),
          byTheme,
        },
        meetings: meetings.map((m) => ({ ...m, location: m.kind === 'VIRTUAL' ? null : m.location })),
      };
    },
  };
}
