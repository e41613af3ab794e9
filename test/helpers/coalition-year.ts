// A realistic coalition year, seeded: organisations, people, commitments with updates, learnings,
// meetings with answers and exchange rows. Written straight to the tables (fast), and kept in
// memory so tests can compute the expected figures independently of the report's queries.
import { TZDate } from '@date-fns/tz';
import type { Db } from '../../src/services/db/client.ts';
import { bulkInsert } from './bulk.ts';
import { dayIn } from '../../src/services/exchange.service.ts';
import { COMPLETIONS, MEETING_KINDS, ORG_TYPES, THEMES } from '../../src/services/types.ts';

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

export interface Scale {
  organizations: number;
  people: number;
  commitments: number;
  learnings: number;
  meetings: number;
  exchanges: number;
}
export const YEAR_SCALE: Scale = {
  organizations: 120,
  people: 400,
  commitments: 300,
  learnings: 5000,
  meetings: 40,
  exchanges: 200_000,
};

const COUNTRIES = ['KE', 'CO', 'FR', 'ES', 'AR', 'CL', 'NG', 'ZA', 'PH', 'ID', 'UA', 'MX', 'BR', 'CA', 'NL'];

export async function generateYear(
  db: Db,
  url: string,
  o: { seed: number; year: number; zone: string; scale?: Scale; times?: number },
) {
  const s = { ...(o.scale ?? YEAR_SCALE) };
  const k = o.times ?? 1;
  for (const key of Object.keys(s) as (keyof Scale)[]) s[key] *= k;
  const r = rng(o.seed);
  const local = (month: number, day: number, h: number, m: number) =>
    new Date(new TZDate(o.year, month, day, h, m, o.zone).getTime());
  const inYear = () => local(r.int(12), 1 + r.int(28), r.int(24), r.int(60));
  const before = () => new Date(local(0, 1, 0, 0).getTime() - (1 + r.int(700)) * 86_400_000);
  const after = () => new Date(local(11, 31, 23, 59).getTime() + (1 + r.int(300)) * 3600_000);
  const when = () => {
    const x = r.next();
    return x < 0.7 ? inYear() : x < 0.9 ? before() : after();
  };

  const coalition = await db.coalition.create({
    data: { slug: `gen${o.seed}`, name: 'Generated Coalition', timezone: o.zone },
  });
  const cid = coalition.id;
  const base = 1_000_000 * (o.seed % 1000);

  // Most organisations are approved when created; some days later (perhaps after the year ends),
  // some are still pending, and some pending ones were declined.
  const days = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
  const orgs = Array.from({ length: s.organizations }, (_, i) => {
    const createdAt = r.next() < 0.8 ? before() : when();
    const v = r.next();
    const verifiedAt = v < 0.75 ? createdAt : v < 0.87 ? days(createdAt, 1 + r.int(60)) : null;
    return {
      id: base + i + 1,
      coalitionId: cid,
      name: `Org ${i}`,
      nameKey: `org ${i}`,
      type: r.pick(ORG_TYPES),
      status: r.next() < 0.15 ? ('OBSERVER' as const) : ('MEMBER' as const),
      country: r.next() < 0.9 ? r.pick(COUNTRIES) : null,
      createdAt,
      verifiedAt,
      declinedAt: verifiedAt === null && r.next() < 0.4 ? days(createdAt, 1 + r.int(90)) : null,
    };
  });
  // Boundaries: approved in the last minute of the year counts; at midnight it was still pending.
  orgs[0]!.createdAt = before();
  orgs[0]!.verifiedAt = local(11, 31, 23, 59);
  orgs[0]!.declinedAt = null;
  orgs[1]!.createdAt = before();
  orgs[1]!.verifiedAt = new Date(new TZDate(o.year + 1, 0, 1, 0, 0, o.zone).getTime());
  orgs[1]!.declinedAt = null;
  await bulkInsert(url, 'Organization', orgs);
  const people = Array.from({ length: s.people }, (_, i) => {
    const org = r.pick(orgs);
    return {
      id: base + i + 1,
      coalitionId: cid,
      organizationId: org.id,
      displayName: `person ${i}`,
      role: org.status === 'OBSERVER' ? ('OBSERVER' as const) : ('MEMBER' as const),
      joinedAt: when(),
      createdAt: before(),
    };
  });
  await bulkInsert(url, 'Person', people);

  const commitments = Array.from({ length: s.commitments }, (_, i) => {
    const org = r.pick(orgs.filter((x) => x.status === 'MEMBER'));
    const sdg = r.next() < 0.6 ? '16.3' : r.next() < 0.5 ? '16.3,5.2' : r.next() < 0.5 ? '16.a' : '5.2,16.3';
    return {
      id: base + i + 1,
      coalitionId: cid,
      number: i + 1,
      member: r.pick(['Kenya', 'Colombia', 'France', 'Buenos Aires', 'Nigeria']),
      planPeriod: '2024-2028',
      title: `Commitment ${i}`,
      description: 'Generated.',
      peopleCentred: r.next() < 0.4,
      sdgTargets: sdg,
      /** The level it was logged at; `completion` is its level now, after its updates. */
      initialCompletion: r.pick(COMPLETIONS),
      completion: 'NOT_STARTED' as (typeof COMPLETIONS)[number],
      organizationId: org.id,
      createdAt: when(),
    };
  });
  // Updates come after their commitment (some in the next year), each setting a level; the
  // commitment ends at the last one, and the dated history says which level held when.
  const updates = commitments.flatMap((c) => {
    const list = Array.from({ length: r.int(4) }, () => ({
      commitmentId: c.id,
      note: 'Progress.',
      completion: r.pick(COMPLETIONS),
      previousCompletion: c.initialCompletion,
      createdAt: new Date(c.createdAt.getTime() + (1 + r.int(400)) * 86_400_000 + r.int(86_400_000)),
    })).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    list.forEach((u, i) => (u.previousCompletion = i === 0 ? c.initialCompletion : list[i - 1]!.completion));
    c.completion = list.at(-1)?.completion ?? c.initialCompletion;
    return list;
  });
  await bulkInsert(
    url,
    'Commitment',
    commitments.map(({ initialCompletion: _initial, ...c }) => ({
      ...c,
      lastUpdateAt: updates.filter((u) => u.commitmentId === c.id).at(-1)?.createdAt ?? c.createdAt,
    })),
  );
  const commitmentThemes = commitments.flatMap((c) =>
    [...new Set([r.pick(THEMES), r.pick(THEMES)])].map((theme) => ({ commitmentId: c.id, theme })),
  );
  await bulkInsert(url, 'CommitmentTheme', commitmentThemes);
  await bulkInsert(url, 'CommitmentUpdate', updates);
  const completionChanges = commitments.flatMap((c) => {
    const steps = [
      { completion: c.initialCompletion, setAt: c.createdAt, source: 'log' },
      ...updates
        .filter((u) => u.commitmentId === c.id)
        .map((u) => ({ completion: u.completion, setAt: u.createdAt, source: 'update' })),
    ];
    return steps.map((x, i) => ({ commitmentId: c.id, ...x, until: steps[i + 1]?.setAt ?? null }));
  });
  await bulkInsert(url, 'CompletionChange', completionChanges);
  const evidence = await generateEvidence(url, r, { base, cid, year: o.year, commitments });

  const learnings = Array.from({ length: s.learnings }, (_, i) => {
    const author = r.pick(people);
    const org = orgs.find((x) => x.id === author.organizationId)!;
    return {
      id: base + i + 1,
      coalitionId: cid,
      number: i + 1,
      title: `Learning ${i}`,
      summary: 'Generated learning.',
      country: r.next() < 0.7 ? r.pick(COUNTRIES) : null,
      authorId: author.id,
      organizationId: org.id,
      orgType: r.next() < 0.95 ? org.type : null,
      usefulCount: r.next() < 0.2 ? r.int(30) : 0,
      createdAt: when(),
      // Shared while the author's membership waited for approval.
      verified: r.next() >= 0.05,
    };
  });
  // Boundaries: the last minute of the year counts; the first minute of the next does not.
  learnings[0]!.createdAt = local(11, 31, 23, 59);
  learnings[1]!.createdAt = new Date(new TZDate(o.year + 1, 0, 1, 0, 0, o.zone).getTime());
  await bulkInsert(
    url,
    'Learning',
    learnings.map((l) => ({ ...l, language: 'en', searchText: l.title.toLowerCase() })),
  );
  const learningThemes = learnings.flatMap((l) =>
    [...new Set([r.pick(THEMES), r.pick(THEMES), r.pick(THEMES)])].map((theme) => ({
      learningId: l.id,
      theme,
    })),
  );
  await bulkInsert(url, 'LearningTheme', learningThemes);

  // No HYBRID meetings: an empty section must still be reported (as zero).
  const meetings = Array.from({ length: s.meetings }, (_, i) => ({
    id: base + i + 1,
    coalitionId: cid,
    number: i + 1,
    title: `Meeting ${i}`,
    kind: r.pick(MEETING_KINDS.filter((x) => x !== 'HYBRID')),
    startsAt: when(),
    timezone: o.zone,
    durationMinutes: 60,
    cancelledAt: r.next() < 0.1 ? before() : null,
  }));
  await bulkInsert(
    url,
    'Meeting',
    meetings.map((m) => ({ ...m, createdAt: m.startsAt, updatedAt: m.startsAt })),
  );
  const rsvps = meetings.flatMap((m) => {
    const chosen = new Set(Array.from({ length: 5 + r.int(25) }, () => r.pick(people)));
    return [...chosen].map((p) => ({
      meetingId: m.id,
      personId: p.id,
      answer: r.pick(['YES', 'MAYBE', 'NO'] as const),
      ...(r.next() < 0.05
        ? { observer: true, verified: false }
        : { observer: p.role === 'OBSERVER', verified: true }),
    }));
  });
  await bulkInsert(
    url,
    'Rsvp',
    rsvps.map((r) => ({ ...r, updatedAt: new Date(0) })),
  );

  const exchanges = Array.from({ length: s.exchanges }, (_, i) => {
    const p = r.pick(people);
    const org = orgs.find((x) => x.id === p.organizationId)!;
    const known = r.next() < 0.9;
    const occurredAt = r.next() < 0.85 ? inYear() : when();
    return {
      coalitionId: cid,
      platform: 'SLACK' as const,
      eventId: `g${o.seed}-${i}`,
      channelId: r.pick(['C1', 'C2', 'C3']),
      orgType: known ? org.type : null,
      organizationId: known ? org.id : null,
      threaded: r.next() < 0.3,
      occurredAt,
      day: dayIn(occurredAt, o.zone),
    };
  });
  await bulkInsert(url, 'ExchangeEvent', exchanges);

  return {
    coalitionId: cid,
    orgs,
    people,
    commitments,
    commitmentThemes,
    updates,
    completionChanges,
    ...evidence,
    learnings,
    learningThemes,
    meetings,
    rsvps,
    exchanges,
  };
}

/**
 * Outcome indicators (a fifth of the commitments have one or two, some SDG-based) with values
 * measured before, during and after the year, and milestones due around it, some done.
 */
async function generateEvidence(
  url: string,
  r: ReturnType<typeof rng>,
  o: {
    base: number;
    cid: number;
    year: number;
    commitments: { id: number; createdAt: Date }[];
  },
) {
  const day = (y: number, dayOfYear: number) => new Date(Date.UTC(y, 0, 1 + dayOfYear));
  const indicators: {
    id: number;
    coalitionId: number;
    number: number;
    commitmentId: number;
    name: string | null;
    sdg: string | null;
    unit: string;
    direction: 'UP' | 'DOWN';
    baselineValue: number;
    baselineDate: Date;
    baselineSource: string | null;
    targetValue: number;
    targetDate: Date;
    createdAt: Date;
    updatedAt: Date;
  }[] = [];
  for (const c of o.commitments) {
    if (r.next() >= 0.2) continue;
    for (let k = 1 + r.int(2); k > 0; k--) {
      const sdg = r.next() < 0.3 ? r.pick(['16.3.1', '16.3.2', '16.3.3']) : null;
      const direction = sdg === '16.3.2' || (!sdg && r.next() < 0.3) ? 'DOWN' : 'UP';
      const baselineValue = 20 + r.int(40);
      const n = indicators.length + 1;
      indicators.push({
        id: o.base + n,
        coalitionId: o.cid,
        number: n,
        commitmentId: c.id,
        name: sdg ? null : `Indicator ${n}`,
        sdg,
        unit: sdg || r.next() < 0.5 ? '%' : 'cases',
        direction,
        baselineValue,
        baselineDate: day(o.year - 2, r.int(365)),
        baselineSource: r.next() < 0.5 ? `https://stats.example.org/baseline/${n}` : null,
        targetValue: direction === 'UP' ? baselineValue + 10 + r.int(30) : baselineValue - 5 - r.int(15),
        targetDate: day(o.year + 2, r.int(365)),
        createdAt: new Date(c.createdAt.getTime() + r.int(30) * 86_400_000),
        updatedAt: c.createdAt,
      });
    }
  }
  await bulkInsert(url, 'Indicator', indicators);
  const measurements = indicators.flatMap((i) => {
    const days = new Set(Array.from({ length: r.int(7) }, () => r.int(3 * 365)));
    return [...days].map((d) => {
      const measuredOn = day(o.year - 1, d);
      return {
        indicatorId: i.id,
        value: i.baselineValue + (r.int(41) - 15),
        measuredOn,
        sourceUrl: `https://stats.example.org/i${i.number}/${measuredOn.toISOString().slice(0, 10)}`,
        note: r.next() < 0.3 ? 'Survey wave.' : null,
        createdAt: new Date(measuredOn.getTime() + r.int(20) * 86_400_000),
        updatedAt: new Date(measuredOn.getTime() + r.int(20) * 86_400_000),
      };
    });
  });
  await bulkInsert(url, 'Measurement', measurements);
  const milestones = o.commitments.flatMap((c) =>
    Array.from({ length: r.int(4) }, (_, k) => {
      const dueDate = day(o.year - 1 + r.int(3), r.int(365));
      const doneAt = r.next() < 0.5 ? new Date(dueDate.getTime() + (r.int(60) - 40) * 86_400_000) : null;
      return {
        commitmentId: c.id,
        number: k + 1,
        title: `Milestone ${k + 1}`,
        dueDate,
        doneAt,
        createdAt: c.createdAt,
      };
    }),
  );
  await bulkInsert(url, 'Milestone', milestones);
  return { indicators, measurements, milestones };
}
