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

export interface OrganizationView {
  id: number;
  name: string;
  type: OrgTypeName;
  observer: boolean;
  country: string | null;
}

export interface Actor {
  /** null until the person is first written (a failed first command writes nothing). */
  personId: number | null;
  displayName: string;
  role: RoleName;
  locale: Locale | null;
  timezone: string | null;
  organization: OrganizationView | null;
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

export const isObserver = (a: Actor): boolean => a.role === 'OBSERVER' || Boolean(a.organization?.observer);
