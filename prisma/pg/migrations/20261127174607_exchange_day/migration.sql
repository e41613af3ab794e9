-- DropIndex
DROP INDEX "ExchangeEvent_coalitionId_rolledUp_idx";

-- AlterTable
ALTER TABLE "ExchangeEvent" ADD COLUMN     "day" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "ExchangeEvent_rolledUp_coalitionId_day_idx" ON "ExchangeEvent"("rolledUp", "coalitionId", "day");
