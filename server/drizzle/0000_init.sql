CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"pair_key" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_clients" (
	"doc" text NOT NULL,
	"client_id" bigint NOT NULL,
	"identity_id" text NOT NULL,
	CONSTRAINT "doc_clients_doc_client_id_pk" PRIMARY KEY("doc","client_id")
);
--> statement-breakpoint
CREATE TABLE "doc_members" (
	"doc" text NOT NULL,
	"identity_id" text NOT NULL,
	CONSTRAINT "doc_members_doc_identity_id_pk" PRIMARY KEY("doc","identity_id")
);
--> statement-breakpoint
CREATE TABLE "doc_snapshots" (
	"doc" text PRIMARY KEY NOT NULL,
	"upto_seq" bigint NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_updates" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"doc" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otp_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"app" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otp_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"ip" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seq_counter" (
	"id" integer PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"identity_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"app" text NOT NULL,
	"device" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_pair" ON "conversations" USING btree ("pair_key");--> statement-breakpoint
CREATE INDEX "doc_members_identity" ON "doc_members" USING btree ("identity_id");--> statement-breakpoint
CREATE INDEX "doc_updates_doc_seq" ON "doc_updates" USING btree ("doc","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_kind_phone" ON "identities" USING btree ("kind","phone");--> statement-breakpoint
CREATE INDEX "otp_codes_phone" ON "otp_codes" USING btree ("phone","app","created_at");--> statement-breakpoint
CREATE INDEX "otp_requests_phone" ON "otp_requests" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "otp_requests_ip" ON "otp_requests" USING btree ("ip","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_identity" ON "sessions" USING btree ("identity_id");--> statement-breakpoint
INSERT INTO "seq_counter" ("id", "value") VALUES (1, 0) ON CONFLICT DO NOTHING;
