CREATE TABLE "media" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"reporter" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"closed_at" bigint,
	"closed_by" text,
	"resolution" text
);
--> statement-breakpoint
CREATE INDEX "reports_status" ON "reports" USING btree ("status","created_at");