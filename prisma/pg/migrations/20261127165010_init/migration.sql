-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('SLACK', 'DISCORD', 'CONSOLE');

-- CreateEnum
CREATE TYPE "OrgType" AS ENUM ('GOVERNMENT', 'CIVIL_SOCIETY', 'PRIVATE_SECTOR', 'MULTILATERAL');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('MEMBER', 'OBSERVER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MEMBER', 'OBSERVER', 'SECRETARIAT');

-- CreateEnum
CREATE TYPE "Theme" AS ENUM ('ACCESS_TO_JUSTICE', 'OPEN_JUSTICE_INSTITUTIONS', 'LEGAL_EMPOWERMENT', 'JUSTICE_DATA', 'TECHNOLOGY', 'CITIZEN_PARTICIPATION', 'RESEARCH_AND_EVIDENCE', 'SDG16');

-- CreateEnum
CREATE TYPE "Completion" AS ENUM ('NO_EVIDENCE', 'NOT_STARTED', 'LIMITED', 'SUBSTANTIAL', 'COMPLETE', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "MeetingKind" AS ENUM ('VIRTUAL', 'IN_PERSON', 'HYBRID');

-- CreateEnum
CREATE TYPE "RsvpAnswer" AS ENUM ('YES', 'NO', 'MAYBE');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "Coalition" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "reminderOffsets" TEXT NOT NULL DEFAULT '1440,60',
    "nudgeAfterDays" INTEGER NOT NULL DEFAULT 90,
    "learningSeq" INTEGER NOT NULL DEFAULT 0,
    "commitmentSeq" INTEGER NOT NULL DEFAULT 0,
    "meetingSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Coalition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatSpace" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "learningsChannelId" TEXT,
    "announcementsChannelId" TEXT,
    "digestChannelId" TEXT,
    "installation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatSpace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "type" "OrgType" NOT NULL,
    "status" "MemberStatus" NOT NULL DEFAULT 'MEMBER',
    "country" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "organizationId" INTEGER,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'MEMBER',
    "locale" TEXT,
    "timezone" TEXT,
    "joinedAt" TIMESTAMP(3),
    "erasedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "dmChannelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Learning" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "url" TEXT,
    "country" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "authorId" INTEGER,
    "organizationId" INTEGER,
    "orgType" "OrgType",
    "usefulCount" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Learning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearningTheme" (
    "learningId" INTEGER NOT NULL,
    "theme" "Theme" NOT NULL,

    CONSTRAINT "LearningTheme_pkey" PRIMARY KEY ("learningId","theme")
);

-- CreateTable
CREATE TABLE "LearningVote" (
    "learningId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LearningVote_pkey" PRIMARY KEY ("learningId","personId")
);

-- CreateTable
CREATE TABLE "Commitment" (
    "id" SERIAL NOT NULL,
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
    "completion" "Completion" NOT NULL DEFAULT 'NOT_STARTED',
    "searchText" TEXT NOT NULL DEFAULT '',
    "organizationId" INTEGER,
    "createdById" INTEGER,
    "lastUpdateAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nudgedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Commitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitmentTheme" (
    "commitmentId" INTEGER NOT NULL,
    "theme" "Theme" NOT NULL,

    CONSTRAINT "CommitmentTheme_pkey" PRIMARY KEY ("commitmentId","theme")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" SERIAL NOT NULL,
    "commitmentId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "dueDate" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitmentUpdate" (
    "id" SERIAL NOT NULL,
    "commitmentId" INTEGER NOT NULL,
    "authorId" INTEGER,
    "note" TEXT NOT NULL,
    "evidenceUrl" TEXT,
    "completion" "Completion" NOT NULL,
    "previousCompletion" "Completion",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommitmentUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IrmAssessment" (
    "id" SERIAL NOT NULL,
    "commitmentId" INTEGER NOT NULL,
    "scale" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "source" TEXT,
    "assessedAt" TIMESTAMP(3),

    CONSTRAINT "IrmAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "MeetingKind" NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
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
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rsvp" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "answer" "RsvpAnswer" NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExchangeEvent" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "eventId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orgType" "OrgType",
    "threaded" BOOLEAN NOT NULL DEFAULT false,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "rolledUp" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ExchangeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExchangeDaily" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "day" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orgType" TEXT NOT NULL,
    "threaded" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,
    "organizations" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ExchangeDaily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ChatSpace" ADD CONSTRAINT "ChatSpace_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkCode" ADD CONSTRAINT "LinkCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Learning" ADD CONSTRAINT "Learning_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Learning" ADD CONSTRAINT "Learning_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Learning" ADD CONSTRAINT "Learning_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningTheme" ADD CONSTRAINT "LearningTheme_learningId_fkey" FOREIGN KEY ("learningId") REFERENCES "Learning"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningVote" ADD CONSTRAINT "LearningVote_learningId_fkey" FOREIGN KEY ("learningId") REFERENCES "Learning"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningVote" ADD CONSTRAINT "LearningVote_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commitment" ADD CONSTRAINT "Commitment_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commitment" ADD CONSTRAINT "Commitment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commitment" ADD CONSTRAINT "Commitment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentTheme" ADD CONSTRAINT "CommitmentTheme_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentUpdate" ADD CONSTRAINT "CommitmentUpdate_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentUpdate" ADD CONSTRAINT "CommitmentUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IrmAssessment" ADD CONSTRAINT "IrmAssessment_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExchangeEvent" ADD CONSTRAINT "ExchangeEvent_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExchangeDaily" ADD CONSTRAINT "ExchangeDaily_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
