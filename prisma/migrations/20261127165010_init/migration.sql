-- CreateTable
CREATE TABLE "Coalition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "nudgeAfterDays" INTEGER NOT NULL DEFAULT 90,
    "learningSeq" INTEGER NOT NULL DEFAULT 0,
    "commitmentSeq" INTEGER NOT NULL DEFAULT 0,
    "meetingSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChatSpace" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "learningsChannelId" TEXT,
    "announcementsChannelId" TEXT,
    "digestChannelId" TEXT,
    "installation" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChatSpace_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'MEMBER',
    "country" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organization_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "organizationId" INTEGER,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',
    "locale" TEXT,
    "timezone" TEXT,
    "joinedAt" DATETIME,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Person_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "dmChannelId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LinkCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Learning" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "url" TEXT,
    "country" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "authorId" INTEGER,
    "organizationId" INTEGER,
    "orgType" TEXT,
    "usefulCount" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Learning_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Learning_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Learning_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LearningTheme" (
    "learningId" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,

    PRIMARY KEY ("learningId", "theme"),
    CONSTRAINT "LearningTheme_learningId_fkey" FOREIGN KEY ("learningId") REFERENCES "Learning" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LearningVote" (
    "learningId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("learningId", "personId"),
    CONSTRAINT "LearningVote_learningId_fkey" FOREIGN KEY ("learningId") REFERENCES "Learning" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LearningVote_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Commitment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "ogpId" TEXT,
    "member" TEXT NOT NULL,
    "planPeriod" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "leadInstitution" TEXT,
    "peopleCentred" BOOLEAN NOT NULL DEFAULT false,
    "sdgTargets" TEXT NOT NULL DEFAULT '16.3',
    "completion" TEXT NOT NULL DEFAULT 'NOT_STARTED',
    "searchText" TEXT NOT NULL DEFAULT '',
    "organizationId" INTEGER,
    "createdById" INTEGER,
    "lastUpdateAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nudgedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Commitment_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Commitment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Commitment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommitmentTheme" (
    "commitmentId" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,

    PRIMARY KEY ("commitmentId", "theme"),
    CONSTRAINT "CommitmentTheme_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "commitmentId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "dueDate" DATETIME,
    "doneAt" DATETIME,
    CONSTRAINT "Milestone_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommitmentUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "commitmentId" INTEGER NOT NULL,
    "authorId" INTEGER,
    "note" TEXT NOT NULL,
    "evidenceUrl" TEXT,
    "completion" TEXT NOT NULL,
    "previousCompletion" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommitmentUpdate_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommitmentUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IrmAssessment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "commitmentId" INTEGER NOT NULL,
    "scale" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT,
    "assessedAt" DATETIME,
    CONSTRAINT "IrmAssessment_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "timezone" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "joinUrl" TEXT,
    "location" TEXT,
    "agenda" TEXT,
    "organizerId" INTEGER,
    "chatSpaceId" INTEGER,
    "channelId" TEXT,
    "externalEventId" TEXT,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Meeting_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Rsvp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "answer" TEXT NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Rsvp_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Rsvp_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExchangeEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orgType" TEXT,
    "threaded" BOOLEAN NOT NULL DEFAULT false,
    "occurredAt" DATETIME NOT NULL,
    "rolledUp" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ExchangeEvent_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExchangeDaily" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orgType" TEXT NOT NULL,
    "threaded" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,
    "organizations" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ExchangeDaily_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Coalition_slug_key" ON "Coalition"("slug");

-- CreateIndex
CREATE INDEX "ChatSpace_coalitionId_idx" ON "ChatSpace"("coalitionId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatSpace_platform_externalId_key" ON "ChatSpace"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_coalitionId_nameKey_key" ON "Organization"("coalitionId", "nameKey");

-- CreateIndex
CREATE INDEX "Person_coalitionId_idx" ON "Person"("coalitionId");

-- CreateIndex
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_coalitionId_platform_externalId_key" ON "Identity"("coalitionId", "platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");

-- CreateIndex
CREATE INDEX "Learning_coalitionId_createdAt_idx" ON "Learning"("coalitionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Learning_coalitionId_number_key" ON "Learning"("coalitionId", "number");

-- CreateIndex
CREATE INDEX "LearningTheme_theme_idx" ON "LearningTheme"("theme");

-- CreateIndex
CREATE INDEX "Commitment_coalitionId_lastUpdateAt_idx" ON "Commitment"("coalitionId", "lastUpdateAt");

-- CreateIndex
CREATE UNIQUE INDEX "Commitment_coalitionId_number_key" ON "Commitment"("coalitionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Commitment_coalitionId_ogpId_key" ON "Commitment"("coalitionId", "ogpId");

-- CreateIndex
CREATE INDEX "CommitmentTheme_theme_idx" ON "CommitmentTheme"("theme");

-- CreateIndex
CREATE INDEX "CommitmentUpdate_commitmentId_createdAt_idx" ON "CommitmentUpdate"("commitmentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IrmAssessment_commitmentId_scale_key" ON "IrmAssessment"("commitmentId", "scale");

-- CreateIndex
CREATE INDEX "Meeting_startsAt_idx" ON "Meeting"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_coalitionId_number_key" ON "Meeting"("coalitionId", "number");

-- CreateIndex
CREATE INDEX "Rsvp_meetingId_answer_idx" ON "Rsvp"("meetingId", "answer");

-- CreateIndex
CREATE UNIQUE INDEX "Rsvp_meetingId_personId_key" ON "Rsvp"("meetingId", "personId");

-- CreateIndex
CREATE INDEX "ExchangeEvent_coalitionId_rolledUp_idx" ON "ExchangeEvent"("coalitionId", "rolledUp");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeEvent_platform_eventId_key" ON "ExchangeEvent"("platform", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "ExchangeDaily_coalitionId_day_channelId_orgType_threaded_key" ON "ExchangeDaily"("coalitionId", "day", "channelId", "orgType", "threaded");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "AuditEntry_coalitionId_createdAt_idx" ON "AuditEntry"("coalitionId", "createdAt");
