import type { Locale } from '../core/i18n/index.ts';
// Plain shapes the services hand to the core: no Prisma types leak past src/services/.
/** A platform's registered name (`SLACK`, `DISCORD`, `CONSOLE`…): adding one needs no migration. */
export type PlatformName = string;
export type OrgTypeName = 'GOVERNMENT' | 'CIVIL_SOCIETY' | 'PRIVATE_SECTOR' | 'MULTILATERAL';
export type RoleName = 'MEMBER' | 'OBSERVER' | 'SECRETARIAT';
export type CompletionName =
  'NO_EVIDENCE' | 'NOT_STARTED' | 'LIMITED' | 'SUBSTANTIAL' | 'COMPLETE' | 'WITHDRAWN';
export type ThemeName =
  | 'ACCESS_TO_JUSTICE'
  | 'OPEN_JUSTICE_INSTITUTIONS'
  | 'LEGAL_EMPOWERMENT'
  | 'JUSTICE_DATA'
  | 'TECHNOLOGY'
  | 'CITIZEN_PARTICIPATION'
  | 'RESEARCH_AND_EVIDENCE'
  | 'SDG16';
export type MeetingKindName = 'VIRTUAL' | 'IN_PERSON' | 'HYBRID';
export type RsvpAnswerName = 'YES' | 'NO' | 'MAYBE';

export const ORG_TYPES = [
  'GOVERNMENT',
  'CIVIL_SOCIETY',
  'PRIVATE_SECTOR',
  'MULTILATERAL',
] as const satisfies readonly OrgTypeName[];
export const THEMES = [
  'ACCESS_TO_JUSTICE',
  'OPEN_JUSTICE_INSTITUTIONS',
  'LEGAL_EMPOWERMENT',
  'JUSTICE_DATA',
  'TECHNOLOGY',
  'CITIZEN_PARTICIPATION',
  'RESEARCH_AND_EVIDENCE',
  'SDG16',
] as const satisfies readonly ThemeName[];
export const COMPLETIONS = [
  'NO_EVIDENCE',
  'NOT_STARTED',
  'LIMITED',
  'SUBSTANTIAL',
  'COMPLETE',
  'WITHDRAWN',
] as const satisfies readonly CompletionName[];
export const MEETING_KINDS = ['VIRTUAL', 'IN_PERSON', 'HYBRID'] as const satisfies readonly MeetingKindName[];
export const RSVP_ANSWERS = ['YES', 'MAYBE', 'NO'] as const satisfies readonly RsvpAnswerName[];
export { LOCALES, type Locale } from '../core/i18n/index.ts';

export interface IdentityKey {
  platform: PlatformName;
  /** Slack team, Discord guild, or "console". */
  spaceId: string;
  userId: string;
}

export interface CoalitionView {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  locale: Locale;
  reminderOffsets: number[];
}

export type StandingName = 'MEMBER' | 'OBSERVER';
export const STANDINGS = ['MEMBER', 'OBSERVER'] as const satisfies readonly StandingName[];

export interface OrganizationView {
  id: number;
  name: string;
  type: OrgTypeName;
  /** Its standing is observer (meaningful once verified). */
  observer: boolean;
  country: string | null;
  /** Approved by the secretariat; false while pending. */
  verified: boolean;
}

/** A join request still waiting to be settled. */
export interface PendingJoin {
  number: number;
  organization: OrganizationView;
}

export interface Actor {
  /** null until the person is first written (a failed first command writes nothing). */
  personId: number | null;
  displayName: string;
  /** SECRETARIAT or MEMBER, as the database says (the same on every instance). */
  role: RoleName;
  locale: Locale | null;
  timezone: string | null;
  /** The organisation whose membership was approved; null while none is. */
  organization: OrganizationView | null;
  /** A request to join that waits for approval, if any. */
  pending: PendingJoin | null;
  coalition: CoalitionView;
  identity: IdentityKey;
  /** What the platform reported last time (stored with the identity), to notice changes. */
  seen: { spaceId: string; localeHint: string | null; timezoneHint: string | null } | null;
}

/** How to write to someone: their language and zone by the one rule (see people.service readerOf). */
export interface Reader {
  personId: number;
  locale: Locale;
  timeZone: string;
}

export const isSecretariat = (a: Actor): boolean => a.role === 'SECRETARIAT';
/** An approved membership in a verified organisation (of either standing). */
export const isApproved = (a: Actor): boolean => Boolean(a.organization?.verified);
/** Counted apart at meetings: an observer organisation's people, and anyone not yet approved. */
export const isObserver = (a: Actor): boolean =>
  !isSecretariat(a) && (a.role === 'OBSERVER' || !isApproved(a) || Boolean(a.organization?.observer));
