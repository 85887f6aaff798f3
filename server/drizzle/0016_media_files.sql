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
