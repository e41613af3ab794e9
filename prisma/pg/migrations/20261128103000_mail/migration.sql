-- CreateTable
CREATE TABLE "MailAddress" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "address" TEXT,
    "addressKey" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "pendingAddress" TEXT,
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "codeFailures" INTEGER NOT NULL DEFAULT 0,
    "codesSent" INTEGER NOT NULL DEFAULT 0,
    "codeWindowAt" TIMESTAMP(3),
    "lastCodeAt" TIMESTAMP(3),
    "invitations" BOOLEAN NOT NULL DEFAULT true,
    "digest" BOOLEAN,
    "undeliverableAt" TIMESTAMP(3),
    "tokenSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailInvitation" (
    "id" SERIAL NOT NULL,
    "coalitionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "partstat" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "subjectSequence" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailInvitation_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "MailAddress" ADD CONSTRAINT "MailAddress_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailInvitation" ADD CONSTRAINT "MailInvitation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
