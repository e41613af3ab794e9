-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ExchangeEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orgType" TEXT,
    "organizationId" INTEGER,
    "threaded" BOOLEAN NOT NULL DEFAULT false,
    "occurredAt" DATETIME NOT NULL,
    "day" TEXT NOT NULL DEFAULT '',
    "rolledUp" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ExchangeEvent_coalitionId_fkey" FOREIGN KEY ("coalitionId") REFERENCES "Coalition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ExchangeEvent" ("channelId", "coalitionId", "eventId", "id", "occurredAt", "orgType", "organizationId", "platform", "rolledUp", "threaded") SELECT "channelId", "coalitionId", "eventId", "id", "occurredAt", "orgType", "organizationId", "platform", "rolledUp", "threaded" FROM "ExchangeEvent";
DROP TABLE "ExchangeEvent";
ALTER TABLE "new_ExchangeEvent" RENAME TO "ExchangeEvent";
CREATE INDEX "ExchangeEvent_rolledUp_coalitionId_day_idx" ON "ExchangeEvent"("rolledUp", "coalitionId", "day");
CREATE UNIQUE INDEX "ExchangeEvent_platform_eventId_key" ON "ExchangeEvent"("platform", "eventId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
