-- Moderation: moderators (set by the operators' command line) and the record
-- of every flag and unflag.

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "is_moderator" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "moderation_actions" (
    "id" SERIAL NOT NULL,
    "message_id" INTEGER NOT NULL,
    "flagged" BOOLEAN NOT NULL,
    "actor" TEXT NOT NULL,
    "moderator_id" INTEGER,
    "reason" TEXT,
    "acted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderation_actions_acted_at_id_idx" ON "moderation_actions"("acted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "moderation_actions_message_id_idx" ON "moderation_actions"("message_id");

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_moderator_id_fkey" FOREIGN KEY ("moderator_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

