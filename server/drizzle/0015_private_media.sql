CREATE TABLE "media_chats" (
	"media_id" text NOT NULL,
	"conversation" text NOT NULL,
	CONSTRAINT "media_chats_media_id_conversation_pk" PRIMARY KEY("media_id","conversation")
);
--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "scope" text DEFAULT 'legacy' NOT NULL;