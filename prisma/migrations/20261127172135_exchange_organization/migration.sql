-- AlterTable
ALTER TABLE "ExchangeEvent" ADD COLUMN "organizationId" INTEGER;
