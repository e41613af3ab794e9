-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "declinedAt" DATETIME;
ALTER TABLE "Organization" ADD COLUMN "verifiedAt" DATETIME;

-- CreateTable
CREATE TABLE "JoinRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "newOrganization" BOOLEAN NOT NULL DEFAULT false,
    "requestedStanding" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "settledById" INTEGER,
    "settledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "JoinRequest_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JoinRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JoinRequest_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "JoinRequest_settledById_fkey" FOREIGN KEY ("settledById") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SecretariatGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "lastUsedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiToken_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (added columns, not redefined tables: branches adding other columns merge cleanly)
ALTER TABLE "Coalition" ADD COLUMN "joinSeq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Learning" ADD COLUMN "verified" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Rsvp" ADD COLUMN "verified" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "JoinRequest_coalitionId_status_idx" ON "JoinRequest"("coalitionId", "status");

-- CreateIndex
CREATE INDEX "JoinRequest_personId_status_idx" ON "JoinRequest"("personId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "JoinRequest_coalitionId_number_key" ON "JoinRequest"("coalitionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SecretariatGrant_scope_platform_externalId_key" ON "SecretariatGrant"("scope", "platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_coalitionId_name_key" ON "ApiToken"("coalitionId", "name");

-- Data. What exists today was trusted as typed; it becomes the verified starting point:
-- every organisation is verified, as of its creation, with the standing it has (member or observer),
-- and every person listed with one keeps that approved membership.
UPDATE "Organization" SET "verifiedAt" = "createdAt";
-- Standing belongs to the organisation now: a person's own OBSERVER role no longer means anything.
UPDATE "Person" SET "role" = 'MEMBER' WHERE "role" = 'OBSERVER';
-- Learnings and RSVPs so far stay verified (the new columns default to true). The move is audited.
INSERT INTO "AuditEntry" ("coalitionId", "action", "createdAt")
SELECT "id", 'membership.migrated', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM "Coalition";
