-- AlterTable
ALTER TABLE "Coalition" ADD COLUMN     "actionSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "extraQuestions" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "publish" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "seriesSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "capacity" INTEGER,
ADD COLUMN     "detached" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "minutesAt" TIMESTAMP(3),
ADD COLUMN     "minutesDecisions" TEXT,
ADD COLUMN     "minutesSummary" TEXT,
ADD COLUMN     "occurrenceOf" TIMESTAMP(3),
ADD COLUMN     "questions" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "seriesId" INTEGER;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "calendarToken" TEXT;

-- AlterTable
ALTER TABLE "Rsvp" ADD COLUMN     "answers" TEXT,
ADD COLUMN     "attend" TEXT,
ADD COLUMN     "fromSeries" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "waitlistedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Series" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "MeetingKind" NOT NULL,
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
    "startsAt" TIMESTAMP(3) NOT NULL,
    "plannedUntil" TIMESTAMP(3) NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeriesRsvp" (
    "id" SERIAL NOT NULL,
    "seriesId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "answer" "RsvpAnswer" NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeriesRsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "orgType" "OrgType",
    "country" TEXT,
    "markedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "meetingId" INTEGER,
    "text" TEXT NOT NULL,
    "ownerId" INTEGER,
    "dueOn" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

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
CREATE UNIQUE INDEX "Meeting_seriesId_occurrenceOf_key" ON "Meeting"("seriesId", "occurrenceOf");

-- CreateIndex
CREATE UNIQUE INDEX "Person_calendarToken_key" ON "Person"("calendarToken");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_chatSpaceId_fkey" FOREIGN KEY ("chatSpaceId") REFERENCES "ChatSpace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesRsvp" ADD CONSTRAINT "SeriesRsvp_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesRsvp" ADD CONSTRAINT "SeriesRsvp_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
