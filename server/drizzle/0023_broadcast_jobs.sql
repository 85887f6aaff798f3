CREATE TABLE "broadcast_recipients" (
	"broadcast_id" text NOT NULL,
	"seq" integer NOT NULL,
	"person_id" text NOT NULL,
	"phone" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"conversation" text,
	"message_id" text,
	"reason" text,
	"at" bigint,
	CONSTRAINT "broadcast_recipients_broadcast_id_seq_pk" PRIMARY KEY("broadcast_id","seq"),
	CONSTRAINT "broadcast_recipients_person" UNIQUE("broadcast_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"key" text,
	"request_hash" text NOT NULL,
	"template" text NOT NULL,
	"version" integer NOT NULL,
	"language" text,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"runner" text,
	"lease_until" bigint,
	"created_at" bigint NOT NULL,
	"finished_at" bigint,
	CONSTRAINT "broadcasts_business_key" UNIQUE("business_id","key")
);
--> statement-breakpoint
CREATE INDEX "broadcast_recipients_broadcast_id_status_seq_index" ON "broadcast_recipients" USING btree ("broadcast_id","status","seq");--> statement-breakpoint
CREATE INDEX "broadcasts_status_index" ON "broadcasts" USING btree ("status");