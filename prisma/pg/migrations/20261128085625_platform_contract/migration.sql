-- Platforms are names registered in src/adapters, not an enum: a new platform needs no migration.
-- The columns keep their values (no drop and re-add).
ALTER TABLE "ChatSpace" ALTER COLUMN "platform" TYPE TEXT USING "platform"::text;
ALTER TABLE "ExchangeEvent" ALTER COLUMN "platform" TYPE TEXT USING "platform"::text;
ALTER TABLE "Identity" ALTER COLUMN "platform" TYPE TEXT USING "platform"::text;
DROP TYPE "Platform";

-- An identity knows its workspace: direct messages go through that workspace's installation.
ALTER TABLE "Identity" DROP COLUMN "dmChannelId",
ADD COLUMN     "localeHint" TEXT,
ADD COLUMN     "spaceId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "timezoneHint" TEXT;
-- Existing identities: the coalition's first space on that platform (the only one before OAuth).
UPDATE "Identity" i SET "spaceId" = COALESCE((
  SELECT s."externalId" FROM "ChatSpace" s
  WHERE s."coalitionId" = i."coalitionId" AND s."platform" = i."platform" ORDER BY s."id" LIMIT 1
), '');

-- CreateTable
CREATE TABLE "ExternalEvent" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "spaceId" TEXT NOT NULL,
    "externalId" TEXT,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExternalEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ExternalEvent_subject_platform_spaceId_key" ON "ExternalEvent"("subject", "platform", "spaceId");
ALTER TABLE "ExternalEvent" ADD CONSTRAINT "ExternalEvent_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Discord scheduled events made so far move to the mirror table, then the column goes.
INSERT INTO "ExternalEvent" ("coalitionId", "subject", "platform", "spaceId", "externalId", "version", "updatedAt")
SELECT m."coalitionId", 'meeting:' || m."id", 'DISCORD', s."externalId", m."externalEventId", m."sequence", CURRENT_TIMESTAMP
FROM "Meeting" m JOIN "ChatSpace" s ON s."id" = m."chatSpaceId"
WHERE m."externalEventId" IS NOT NULL AND s."platform" = 'DISCORD';
ALTER TABLE "Meeting" DROP COLUMN "externalEventId";

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "sentRef" TEXT,
ADD COLUMN     "threadOf" TEXT;
