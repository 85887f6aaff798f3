CREATE TABLE "media_chats" (
	"media_id" text NOT NULL,
	"conversation" text NOT NULL,
	CONSTRAINT "media_chats_media_id_conversation_pk" PRIMARY KEY("media_id","conversation")
);
--> statement-breakpoint
CREATE TABLE "media_files" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads_finished" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"result" jsonb NOT NULL,
	"finished_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "scope" text DEFAULT 'legacy' NOT NULL;