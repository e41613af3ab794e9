-- AlterTable
ALTER TABLE "Person" ADD COLUMN "calendarToken" TEXT;

-- CreateTable
CREATE TABLE "Series" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "joinUrl" TEXT,
    "location" TEXT,
    "agenda" TEXT,
    "organizerId" INTEGER,
    "chatSpaceId" INTEGER,
    "channelId" TEXT,
    "capacity" INTEGER,
    "questions" TEXT NOT NULL DEFAULT '',
    "pattern" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "plannedUntil" DATETIME NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Series_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Series_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Series_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SeriesRsvp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seriesId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "answer" TEXT NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SeriesRsvp_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SeriesRsvp_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "orgType" TEXT,
    "country" TEXT,
    "markedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attendance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "meetingId" INTEGER,
    "text" TEXT NOT NULL,
    "ownerId" INTEGER,
    "dueOn" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "doneAt" DATETIME,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ActionItem_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ActionItem_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Coalition" (
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
    "seriesSeq" INTEGER NOT NULL DEFAULT 0,
    "actionSeq" INTEGER NOT NULL DEFAULT 0,
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "extraQuestions" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Coalition" ("commitmentSeq", "createdAt", "id", "learningSeq", "locale", "meetingSeq", "name", "nudgeAfterDays", "reminderOffsets", "slug", "timezone") SELECT "commitmentSeq", "createdAt", "id", "learningSeq", "locale", "meetingSeq", "name", "nudgeAfterDays", "reminderOffsets", "slug", "timezone" FROM "Coalition";
DROP TABLE "Coalition";
ALTER TABLE "new_Coalition" RENAME TO "Coalition";
CREATE UNIQUE INDEX "Coalition_slug_key" ON "Coalition"("slug");
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
    "seriesId" INTEGER,
    "occurrenceOf" DATETIME,
    "detached" BOOLEAN NOT NULL DEFAULT false,
    "capacity" INTEGER,
    "questions" TEXT NOT NULL DEFAULT '',
    "minutesSummary" TEXT,
    "minutesDecisions" TEXT,
    "minutesAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Meeting_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Meeting_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Meeting_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Meeting" ("agenda", "cancelReason", "cancelledAt", "channelId", "chatSpaceId", "coalitionId", "createdAt", "durationMinutes", "id", "joinUrl", "kind", "location", "number", "organizerId", "sequence", "startsAt", "timezone", "title", "updatedAt") SELECT "agenda", "cancelReason", "cancelledAt", "channelId", "chatSpaceId", "coalitionId", "createdAt", "durationMinutes", "id", "joinUrl", "kind", "location", "number", "organizerId", "sequence", "startsAt", "timezone", "title", "updatedAt" FROM "Meeting";
DROP TABLE "Meeting";
ALTER TABLE "new_Meeting" RENAME TO "Meeting";
CREATE INDEX "Meeting_startsAt_idx" ON "Meeting"("startsAt");
CREATE UNIQUE INDEX "Meeting_coalitionId_number_key" ON "Meeting"("coalitionId", "number");
CREATE UNIQUE INDEX "Meeting_seriesId_occurrenceOf_key" ON "Meeting"("seriesId", "occurrenceOf");
CREATE TABLE "new_Rsvp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "answer" TEXT NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "waitlistedAt" DATETIME,
    "fromSeries" BOOLEAN NOT NULL DEFAULT false,
    "attend" TEXT,
    "answers" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Rsvp_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Rsvp_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Rsvp" ("answer", "id", "meetingId", "observer", "personId", "updatedAt") SELECT "answer", "id", "meetingId", "observer", "personId", "updatedAt" FROM "Rsvp";
DROP TABLE "Rsvp";
ALTER TABLE "new_Rsvp" RENAME TO "Rsvp";
CREATE INDEX "Rsvp_meetingId_answer_idx" ON "Rsvp"("meetingId", "answer");
CREATE UNIQUE INDEX "Rsvp_meetingId_personId_key" ON "Rsvp"("meetingId", "personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Series_cancelledAt_plannedUntil_idx" ON "Series"("cancelledAt", "plannedUntil");

-- CreateIndex
CREATE UNIQUE INDEX "Series_coalitionId_number_key" ON "Series"("coalitionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SeriesRsvp_seriesId_personId_key" ON "SeriesRsvp"("seriesId", "personId");

-- CreateIndex
CREATE INDEX "Attendance_createdAt_idx" ON "Attendance"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_meetingId_personId_key" ON "Attendance"("meetingId", "personId");

-- CreateIndex
CREATE INDEX "ActionItem_doneAt_dueAt_idx" ON "ActionItem"("doneAt", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_coalitionId_number_key" ON "ActionItem"("coalitionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Person_calendarToken_key" ON "Person"("calendarToken");
