// The services, bound to a database handle (the client, or a transaction for one command).
import type { Db, DbOrTx } from './db/client.ts';
import type { Clock } from './clock.ts';
import type { ServiceConfig } from './context.ts';
import { peopleService } from './people.service.ts';
import { memberService } from './member.service.ts';
import { learningService } from './learning.service.ts';
import { commitmentService } from './commitment.service.ts';
import { meetingService } from './meeting.service.ts';
import { seriesService } from './series.service.ts';
import { actionService } from './action.service.ts';
import { calendarService } from './calendar.service.ts';
import { coalitionService } from './coalition.service.ts';
import { auditService } from './audit.service.ts';
import { leaseService } from './lease.service.ts';
import { outboxService } from './outbox.service.ts';
import { reminderService } from './reminder.service.ts';
import { nudgeService } from './nudge.service.ts';
import { exchangeService } from './exchange.service.ts';
import { deliveryService } from './delivery.service.ts';
import { digestService } from './digest.service.ts';
import { reportService } from './report.service.ts';
import { importService } from './import.service.ts';
import { exportService } from './export.service.ts';
import { installationService } from './installation.service.ts';
import { secretariatService } from './secretariat.service.ts';
import { tokenService } from './token.service.ts';
import { mailService } from './mail.service.ts';
import { invitationService } from './invitation.service.ts';
import { searchIndexService } from './search-index.service.ts';
import { indicatorService } from './indicator.service.ts';
import { milestoneService } from './milestone.service.ts';
import { openDataService } from './open-data.service.ts';

function bind(db: DbOrTx, config: ServiceConfig, clock: Clock) {
  const deps = { db, config, clock };
  return {
    people: peopleService(deps),
    members: memberService(deps),
    learnings: learningService(deps),
    commitments: commitmentService(deps),
    meetings: meetingService(deps),
    series: seriesService(deps),
    actions: actionService(deps),
    calendars: calendarService(deps),
    coalition: coalitionService(deps),
    audit: auditService(deps),
    leases: leaseService(deps),
    outbox: outboxService(deps),
    reminders: reminderService(deps),
    nudges: nudgeService(deps),
    exchanges: exchangeService(deps),
    delivery: deliveryService(deps),
    digests: digestService(deps),
    reports: reportService(deps),
    imports: importService(deps),
    exports: exportService(deps),
    installations: installationService(deps),
    secretariat: secretariatService(deps),
    tokens: tokenService(deps),
    mail: mailService(deps),
    invitations: invitationService(deps),
    searchIndex: searchIndexService(deps),
    indicators: indicatorService(deps),
    milestones: milestoneService(deps),
    openData: openDataService(deps),
  };
}

export type BoundServices = ReturnType<typeof bind>;

export interface Services extends BoundServices {
  clock: Clock;
  /** Runs `fn` in one database transaction: every write of a command lands, or none does. */
  transaction<T>(fn: (s: BoundServices) => Promise<T>): Promise<T>;
  /** Readiness: the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createServices(db: Db, config: ServiceConfig, clock: Clock): Services {
  return {
    ...bind(db, config, clock),
    clock,
    transaction: (fn) =>
      db.$transaction((tx) => fn(bind(tx, config, clock)), { timeout: 15_000, maxWait: 10_000 }),
    ping: async () => {
      await db.$queryRawUnsafe('SELECT 1');
    },
    close: () => db.$disconnect(),
  };
}

export type { ServiceConfig, MailConfig } from './context.ts';
export { defaultServiceConfig, DEFAULT_COALITION } from './context.ts';
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export * from './types.ts';
export type { OutboxItem, OutboxTarget, ClaimedMessage } from './outbox.service.ts';
export { encryptionKey } from './installation.service.ts';
export {
  MONTHS,
  REPORT_SCHEMA_VERSION,
  yearRange,
  type AnnualReport,
  type IndicatorFigure,
  type IndicatorsSection,
  type MilestonesSection,
} from './report.service.ts';
export type { IndicatorView, MeasurementView } from './indicator.service.ts';
export type { MilestoneView, DueMilestone } from './milestone.service.ts';
export type { PublicCoalition, PublicCommitment, PublicPage } from './open-data.service.ts';
export { isoWeek, parseIsoWeek, type WeekRange } from './digest.service.ts';
export { type DueReminder, type Recipient, type FollowUp, type DueAction } from './reminder.service.ts';
export type { MeetingSummary, MeetingView, Registration, RsvpCounts } from './meeting.service.ts';
export { SERIES_HORIZON_DAYS, type SeriesView, type SeriesChange } from './series.service.ts';
export type { ActionView } from './action.service.ts';
export type { Feed, FeedMeeting } from './calendar.service.ts';
export type { SentRef } from './outbox.service.ts';
export type { Contact } from './delivery.service.ts';
export { OutboxKey } from './outbox-keys.ts';
export { readerOf } from './people.service.ts';
export type { MailReader, MailStatus } from './mail.service.ts';
export { maskAddress } from './mail.service.ts';
export type { InvitationChange, InvitedSubject } from './invitation.service.ts';
export { meetingSubject } from './invitation.service.ts';
