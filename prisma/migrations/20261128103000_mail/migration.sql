-- CreateTable
CREATE TABLE "MailAddress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "address" TEXT,
    "addressKey" TEXT,
    "confirmedAt" DATETIME,
    "pendingAddress" TEXT,
    "codeHash" TEXT,
    "codeExpiresAt" DATETIME,
    "codeFailures" INTEGER NOT NULL DEFAULT 0,
    "codesSent" INTEGER NOT NULL DEFAULT 0,
    "codeWindowAt" DATETIME,
    "lastCodeAt" DATETIME,
    "invitations" BOOLEAN NOT NULL DEFAULT true,
    "digest" BOOLEAN,
    "undeliverableAt" DATETIME,
    "tokenSecret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailAddress_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MailInvitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "partstat" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "subjectSequence" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailInvitation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MailAddress_personId_key" ON "MailAddress"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "MailAddress_coalitionId_addressKey_key" ON "MailAddress"("coalitionId", "addressKey");

-- CreateIndex
CREATE INDEX "MailInvitation_uid_idx" ON "MailInvitation"("uid");

-- CreateIndex
CREATE INDEX "MailInvitation_personId_idx" ON "MailInvitation"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "MailInvitation_subject_personId_key" ON "MailInvitation"("subject", "personId");
