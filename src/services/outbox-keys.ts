// Every outbox key is built here. A key names one message to one reader (or one platform object)
// for one state of its subject: the outbox stores each key once, so a message is never sent twice
// and a changed subject (a moved meeting, a new silent period) gets a new key.

type Who = number | 'channel';

export const OutboxKey = {
  /** A meeting reminder: re-planned when the start moves, never repeated for the same start. */
  reminder: (meetingId: number, who: Who, offset: number, startsAt: Date) =>
    `reminder:${meetingId}:${who}:${offset}:${startsAt.getTime()}`,
  /** Attendees told that a meeting moved to this start. */
  moved: (meetingId: number, startsAt: Date, personId: number) =>
    `moved:${meetingId}:${startsAt.getTime()}:${personId}`,
  /** Attendees told that a meeting is cancelled. */
  cancelled: (meetingId: number, personId: number) => `cancel:${meetingId}:${personId}`,
  /** Someone told a place freed for them (a later promotion, after dropping out again, is another). */
  promoted: (meetingId: number, personId: number, at: Date) =>
    `promoted:${meetingId}:${personId}:${at.getTime()}`,
  /** Attendees told that a series changed from now on, once per version of the series. */
  seriesChanged: (seriesId: number, sequence: number, personId: number) =>
    `series:${seriesId}:${sequence}:${personId}`,
  /** Attendees told that a series ended. */
  seriesCancelled: (seriesId: number, personId: number) => `series-cancel:${seriesId}:${personId}`,
  /** The "I attended" follow-up after a meeting, once per person. */
  attendance: (meetingId: number, personId: number) => `attended:${meetingId}:${personId}`,
  /** An action item's owner told of it: assigned, due tomorrow, overdue (once per due day). */
  action: (actionId: number, stage: 'assigned' | 'due' | 'overdue', dueOn: string, personId: number) =>
    `action:${actionId}:${stage}:${dueOn}:${personId}`,
  /** One nudge per commitment per silent period. */
  nudge: (commitmentId: number, lastUpdateAt: Date, period: number, personId: number) =>
    `nudge:${commitmentId}:${lastUpdateAt.getTime()}:${period}:${personId}`,
  /** A milestone's reminder ('soon' a week before, 'due' on the day): again only if the due date moves. */
  milestone: (milestoneId: number, dueDate: Date, stage: 'soon' | 'due', personId: number) =>
    `milestone:${milestoneId}:${dueDate.getTime()}:${stage}:${personId}`,
  /** The weekly digest, once per week and digest channel. */
  digest: (coalitionId: number, week: string, platform: string, spaceId: string) =>
    `digest:${coalitionId}:${week}:${platform}:${spaceId}`,
  /** A record's public copy in a coalition channel (a shared learning), once per channel. */
  announce: (coalitionId: number, record: string, platform: string, spaceId: string, channelId: string) =>
    `announce:${coalitionId}:${record}:${platform}:${spaceId}:${channelId}`,
  /** A join request shown to someone who can settle it, once each. */
  joinRequest: (requestId: number, personId: number) => `join:${requestId}:${personId}`,
  /** The requester told how their request was settled (approved, declined), once. */
  joinSettled: (requestId: number, personId: number) => `join-settled:${requestId}:${personId}`,
  /** A person told they were removed from their organisation, once per removal. */
  memberRemoved: (personId: number, organizationId: number, at: Date) =>
    `member-removed:${personId}:${organizationId}:${at.getTime()}`,
  /** A record mirrored as a platform object, once per version and space. */
  mirror: (subject: string, version: number, platform: string, spaceId: string) =>
    `mirror:${subject}:${version}:${platform}:${spaceId}`,
  /** An address's confirmation code: one mail per code asked for (codes are rate-limited). */
  mailCode: (personId: number, requestedAt: Date) => `mail-code:${personId}:${requestedAt.getTime()}`,
  /** A calendar invitation, update or cancellation by mail: once per SEQUENCE of the person's copy. */
  invitation: (subject: string, personId: number, sequence: number) =>
    `invite:${subject}:${personId}:${sequence}`,
  /** The weekly digest by mail, once per week and person. */
  digestMail: (coalitionId: number, week: string, personId: number) =>
    `digest-mail:${coalitionId}:${week}:${personId}`,
  /** A person told in chat that their address refused mail, once per confirmation of it. */
  mailBounced: (personId: number, confirmedAt: Date) => `mail-bounced:${personId}:${confirmedAt.getTime()}`,
} as const;
