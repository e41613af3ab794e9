-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('UP', 'DOWN');

-- AlterTable
ALTER TABLE "Coalition" ADD COLUMN     "dataLicense" TEXT NOT NULL DEFAULT 'CC-BY-4.0',
ADD COLUMN     "indicatorSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Milestone" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "number" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CompletionChange" (
    "id" SERIAL NOT NULL,
    "commitmentId" INTEGER NOT NULL,
    "completion" "Completion" NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3),
    "source" TEXT NOT NULL,

    CONSTRAINT "CompletionChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "commitmentId" INTEGER NOT NULL,
    "name" TEXT,
    "sdg" TEXT,
    "unit" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "baselineValue" DOUBLE PRECISION NOT NULL,
    "baselineDate" TIMESTAMP(3) NOT NULL,
    "baselineSource" TEXT,
    "targetValue" DOUBLE PRECISION NOT NULL,
    "targetDate" TIMESTAMP(3) NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" SERIAL NOT NULL,
    "indicatorId" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "measuredOn" TIMESTAMP(3) NOT NULL,
    "sourceUrl" TEXT NOT NULL,
    "note" TEXT,
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Measurement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CompletionChange_commitmentId_setAt_idx" ON "CompletionChange"("commitmentId", "setAt");

-- CreateIndex
CREATE INDEX "CompletionChange_setAt_until_idx" ON "CompletionChange"("setAt", "until");

-- CreateIndex
CREATE INDEX "Indicator_commitmentId_idx" ON "Indicator"("commitmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_coalitionId_number_key" ON "Indicator"("coalitionId", "number");

-- CreateIndex
CREATE INDEX "Measurement_createdAt_idx" ON "Measurement"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Measurement_indicatorId_measuredOn_key" ON "Measurement"("indicatorId", "measuredOn");

-- CreateIndex
CREATE INDEX "Milestone_dueDate_idx" ON "Milestone"("dueDate");

-- Existing milestones are numbered 1, 2, 3… within their commitment, in the order they were made.
UPDATE "Milestone" SET "number" = (
  SELECT COUNT(*) FROM "Milestone" m WHERE m."commitmentId" = "Milestone"."commitmentId" AND m."id" <= "Milestone"."id"
);

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_commitmentId_number_key" ON "Milestone"("commitmentId", "number");

-- AddForeignKey
ALTER TABLE "CompletionChange" ADD CONSTRAINT "CompletionChange_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The completion history, rebuilt from what was recorded before it existed:
-- 1. each commitment's first level, from its creation until its first update (the level that
--    update replaced; the current level when it has none);
INSERT INTO "CompletionChange" ("commitmentId", "completion", "setAt", "until", "source")
SELECT c."id",
  CASE WHEN EXISTS (SELECT 1 FROM "CommitmentUpdate" u WHERE u."commitmentId" = c."id")
    THEN COALESCE((SELECT u."previousCompletion" FROM "CommitmentUpdate" u WHERE u."commitmentId" = c."id" ORDER BY u."createdAt", u."id" LIMIT 1), 'NOT_STARTED')
    ELSE c."completion" END,
  c."createdAt",
  (SELECT MIN(u."createdAt") FROM "CommitmentUpdate" u WHERE u."commitmentId" = c."id"),
  'migration'
FROM "Commitment" c;
-- 2. each update's level, until the next update;
INSERT INTO "CompletionChange" ("commitmentId", "completion", "setAt", "until", "source")
SELECT u."commitmentId", u."completion", u."createdAt",
  (SELECT MIN(n."createdAt") FROM "CommitmentUpdate" n
   WHERE n."commitmentId" = u."commitmentId" AND (n."createdAt" > u."createdAt" OR (n."createdAt" = u."createdAt" AND n."id" > u."id"))),
  'migration'
FROM "CommitmentUpdate" u;
-- 3. where the current level differs from the last one recorded (an import changed it, at a time
--    nobody recorded), the current level from now on: past years keep the last recorded level.
UPDATE "CompletionChange" SET "until" = CURRENT_TIMESTAMP
WHERE "until" IS NULL
  AND "completion" <> (SELECT c."completion" FROM "Commitment" c WHERE c."id" = "CompletionChange"."commitmentId");
INSERT INTO "CompletionChange" ("commitmentId", "completion", "setAt", "until", "source")
SELECT c."id", c."completion", CURRENT_TIMESTAMP, NULL, 'migration'
FROM "Commitment" c
WHERE NOT EXISTS (SELECT 1 FROM "CompletionChange" h WHERE h."commitmentId" = c."id" AND h."until" IS NULL);
