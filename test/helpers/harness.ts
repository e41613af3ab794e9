// A running core on a real database, driven like the console adapter drives it.
import { commands } from '../../commands/index.ts';
import { toText } from '../../src/adapters/console/render.ts';
import { consoleCommand } from '../../src/adapters/console/console.adapter.ts';
import { Docket, type Invocation, type Outcome } from '../../src/core/docket.ts';
import type { InboundEvent, Platform } from '../../src/core/platform.ts';
import type { Logger } from '../../src/core/log.ts';
import type { JobContext } from '../../src/jobs/context.ts';
import { createLogger } from '../../src/core/log.ts';
import { createDb, type Db } from '../../src/services/db/client.ts';
import { migrate } from '../../src/services/db/migrator.ts';
import {
  createServices,
  defaultServiceConfig,
  type MailConfig,
  type Services,
} from '../../src/services/index.ts';
import { freshDatabase, type Provider, type TestDatabase } from './databases.ts';

export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current.getTime());
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  url: string;
  docket: Docket;
  services: Services;
  /** A second client for assertions straight on the tables. */
  db: Db;
  clock: TestClock;
  logs: string[];
  /** Runs a typed line as `person` on the console platform. */
  run(person: string, line: string, extra?: Partial<Invocation>): Promise<Outcome>;
  /** The same, rendered as console text. */
  text(person: string, line: string, extra?: Partial<Invocation>): Promise<string>;
  /** Row counts of every domain table: "nothing written" means these do not change. */
  counts(): Promise<
    Record<
      | 'people'
      | 'learnings'
      | 'commitments'
      | 'meetings'
      | 'rsvps'
      | 'coalitions'
      | 'spaces'
      | 'organizations'
      | 'identities'
      | 'votes'
      | 'updates'
      | 'audit'
      | 'linkCodes'
      | 'joinRequests'
      | 'apiTokens'
      | 'grants',
      number
    >
  >;
  /** Attaches a platform to the core (again after each restart). */
  attach(platform: Platform): void;
  /** The jobs' context, bound to the running core (it follows restarts). */
  jobs(log?: Logger): JobContext;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const NOW = new Date('2026-11-27T12:00:00Z');

export async function harness(
  provider: Provider,
  o: {
    admins?: string[];
    timezone?: string;
    locale?: 'en' | 'fr' | 'es';
    db?: TestDatabase;
    encryptionKey?: Buffer;
    /** Mail settings (sending address, public URL); mail itself needs a platform attached. */
    mail?: Partial<MailConfig>;
  } = {},
): Promise<Harness> {
  const database = o.db ?? (await freshDatabase(provider));
  await migrate(database.url);
  const clock = new TestClock(NOW);
  const logs: string[] = [];
  const log = createLogger('debug', {
    write: (line: string) => (logs.push(line), true),
  } as unknown as NodeJS.WritableStream);
  const config = defaultServiceConfig({
    admins: new Set(o.admins ?? ['console:sec']),
    defaultTimezone: o.timezone ?? 'Europe/Paris',
    defaultLocale: o.locale ?? 'en',
    encryptionKey: o.encryptionKey,
    mail: { ...defaultServiceConfig().mail, ...o.mail },
  });
  // As src/app.ts does: DOCKET_ADMINS (here `admins`) is written to the database at start.
  const start = async () => {
    const services = createServices(createDb(database.url), config, clock);
    await services.transaction((s) => s.secretariat.bootstrap([...config.admins]));
    return { services, docket: new Docket(commands, services, log) };
  };
  const platforms: Platform[] = [];
  let current = await start();
  const db = createDb(database.url);
  const h: Harness = {
    url: database.url,
    get docket() {
      return current.docket;
    },
    get services() {
      return current.services;
    },
    db,
    clock,
    logs,
    async run(person, line, extra = {}) {
      const { kind: _kind, ...command } = consoleCommand(person, line) as Extract<
        InboundEvent,
        { kind: 'command' }
      >;
      return current.docket.dispatch({
        ...command,
        localeHint: undefined,
        timezoneHint: undefined,
        ...extra,
      });
    },
    async text(person, line, extra) {
      const outcome = await h.run(person, line, extra);
      return toText(outcome, { color: false });
    },
    async counts() {
      const [
        coalitions,
        spaces,
        organizations,
        people,
        identities,
        learnings,
        votes,
        commitments,
        updates,
        meetings,
        rsvps,
        audit,
        linkCodes,
        joinRequests,
        apiTokens,
        grants,
      ] = await Promise.all([
        db.coalition.count(),
        db.chatSpace.count(),
        db.organization.count(),
        db.person.count(),
        db.identity.count(),
        db.learning.count(),
        db.learningVote.count(),
        db.commitment.count(),
        db.commitmentUpdate.count(),
        db.meeting.count(),
        db.rsvp.count(),
        db.auditEntry.count(),
        db.linkCode.count(),
        db.joinRequest.count(),
        db.apiToken.count(),
        db.secretariatGrant.count(),
      ]);
      return {
        coalitions,
        spaces,
        organizations,
        people,
        identities,
        learnings,
        votes,
        commitments,
        updates,
        meetings,
        rsvps,
        audit,
        linkCodes,
        joinRequests,
        apiTokens,
        grants,
      };
    },
    attach(platform) {
      platforms.push(platform);
      current.docket.attach(platform);
    },
    jobs(jobLog = log) {
      return {
        get services() {
          return current.services;
        },
        log: jobLog,
        get courier() {
          return current.docket.courier;
        },
      };
    },
    async restart() {
      await current.docket.drain();
      await current.services.close();
      current = await start();
      for (const p of platforms) current.docket.attach(p);
    },
    async close() {
      await current.docket.drain();
      await current.services.close();
      await db.$disconnect();
      if (!o.db) await database.drop();
    },
  };
  return h;
}

/**
 * Joins a person to an organisation, approved (the usual first step): the person asks with
 * /member join, then the console secretariat (`sec` by default) approves the request, setting a new
 * organisation's standing to `role`. A secretariat person's own request settles itself.
 */
export async function joined(
  h: Harness,
  person: string,
  org = 'Ministry of Justice',
  type = 'government',
  role = 'member',
  approver = 'sec',
) {
  const outcome = await h.run(person, `/member join organization:"${org}" type:${type} role:${role}`);
  if (!outcome.ok) throw new Error(`join failed: ${JSON.stringify(outcome.reply)}`);
  const request = await h.db.joinRequest.findFirst({
    where: {
      status: 'PENDING',
      person: { identities: { some: { platform: 'CONSOLE', externalId: person } } },
    },
    include: { organization: true },
    orderBy: { id: 'desc' },
  });
  if (!request) return;
  const standing = request.organization.verifiedAt ? '' : ` standing:${role}`;
  const approved = await h.run(approver, `/member approve J${request.number}${standing}`);
  if (!approved.ok) throw new Error(`approval failed: ${JSON.stringify(approved.reply)}`);
  // The request's notices (to those who settle, to the requester) are this step's own business:
  // tests that count the outbox start from a clean one. test/commands/member.test.ts checks them.
  await h.db.outboxMessage.deleteMany({
    where: { kind: { in: ['member.request', 'member.settled'] }, key: { startsWith: 'join' } },
  });
}

/** Polls until `check` returns true (hooks cannot use expect.poll). */
export async function until(check: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
