-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "sentRef" TEXT;
ALTER TABLE "OutboxMessage" ADD COLUMN "threadOf" TEXT;

-- CreateTable
CREATE TABLE "ExternalEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL,
    "externalId" TEXT,
    "version" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExternalEvent_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ExternalEvent_subject_platform_spaceId_key" ON "ExternalEvent"("subject", "platform", "spaceId");
-- Discord scheduled events made so far move to the mirror table (the Meeting column goes below).
INSERT INTO "ExternalEvent" ("coalitionId", "subject", "platform", "spaceId", "externalId", "version", "updatedAt")
SELECT m."coalitionId", 'meeting:' || m."id", 'DISCORD', s."externalId", m."externalEventId", m."sequence", strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM "Meeting" m JOIN "ChatSpace" s ON s."id" = m."chatSpaceId"
WHERE m."externalEventId" IS NOT NULL AND s."platform" = 'DISCORD';

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Identity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL DEFAULT '',
    "localeHint" TEXT,
    "timezoneHint" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Identity" ("coalitionId", "createdAt", "externalId", "id", "personId", "platform") SELECT "coalitionId", "createdAt", "externalId", "id", "personId", "platform" FROM "Identity";
DROP TABLE "Identity";
ALTER TABLE "new_Identity" RENAME TO "Identity";
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");
-- An identity knows its workspace; existing ones take the coalition's first space on that platform.
UPDATE "Identity" SET "spaceId" = COALESCE((
  SELECT s."externalId" FROM "ChatSpace" s
  WHERE s."coalitionId" = "Identity"."coalitionId" AND s."platform" = "Identity"."platform" ORDER BY s."id" LIMIT 1
), '');
CREATE UNIQUE INDEX "Identity_coalitionId_platform_externalId_key" ON "Identity"("coalitionId", "platform", "externalId");
CREATE TABLE "new_Meeting" (
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
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Meeting_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Meeting" ("agenda", "cancelReason", "cancelledAt", "channelId", "chatSpaceId", "coalitionId", "createdAt", "durationMinutes", "id", "joinUrl", "kind", "location", "number", "organizerId", "sequence", "startsAt", "timezone", "title", "updatedAt") SELECT "agenda", "cancelReason", "cancelledAt", "channelId", "chatSpaceId", "coalitionId", "createdAt", "durationMinutes", "id", "joinUrl", "kind", "location", "number", "organizerId", "sequence", "startsAt", "timezone", "title", "updatedAt" FROM "Meeting";
DROP TABLE "Meeting";
ALTER TABLE "new_Meeting" RENAME TO "Meeting";
CREATE INDEX "Meeting_startsAt_idx" ON "Meeting"("startsAt");
CREATE UNIQUE INDEX "Meeting_coalitionId_number_key" ON "Meeting"("coalitionId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
