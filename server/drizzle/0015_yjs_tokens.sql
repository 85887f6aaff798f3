CREATE TABLE "yjs_tokens" (
	"hash" text PRIMARY KEY NOT NULL,
	"doc" text NOT NULL,
	"identity_id" text NOT NULL,
	"identity_kind" text NOT NULL,
	"session_id" text,
	"key_id" text,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "yjs_tokens_expires" ON "yjs_tokens" USING btree ("expires_at");