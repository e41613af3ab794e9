-- AlterTable
ALTER TABLE "Coalition" ADD COLUMN     "published" BOOLEAN NOT NULL DEFAULT false;
