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
    "published" BOOLEAN NOT NULL DEFAULT false,
    "learningSeq" INTEGER NOT NULL DEFAULT 0,
    "commitmentSeq" INTEGER NOT NULL DEFAULT 0,
    "meetingSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Coalition" ("commitmentSeq", "createdAt", "id", "learningSeq", "locale", "meetingSeq", "name", "nudgeAfterDays", "reminderOffsets", "slug", "timezone") SELECT "commitmentSeq", "createdAt", "id", "learningSeq", "locale", "meetingSeq", "name", "nudgeAfterDays", "reminderOffsets", "slug", "timezone" FROM "Coalition";
DROP TABLE "Coalition";
ALTER TABLE "new_Coalition" RENAME TO "Coalition";
CREATE UNIQUE INDEX "Coalition_slug_key" ON "Coalition"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
