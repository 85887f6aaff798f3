CREATE TABLE "business_names" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"name" text NOT NULL,
	"since" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "businesses" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"status" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_acceptances" (
	"business_id" text NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"accepted_at" bigint NOT NULL,
	CONSTRAINT "legal_acceptances_business_id_kind_version_pk" PRIMARY KEY("business_id","kind","version")
);
--> statement-breakpoint
CREATE TABLE "legal_versions" (
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"published_at" bigint NOT NULL,
	"published_by" text NOT NULL,
	CONSTRAINT "legal_versions_kind_version_pk" PRIMARY KEY("kind","version")
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"operator" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "name_change_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"name" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"decided_at" bigint,
	"decided_by" text,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "operators" (
	"phone" text PRIMARY KEY NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"evidence" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"decided_at" bigint,
	"decided_by" text,
	"decision_reason" text
);
--> statement-breakpoint
CREATE INDEX "business_names_business" ON "business_names" USING btree ("business_id","since");--> statement-breakpoint
CREATE INDEX "businesses_name" ON "businesses" USING btree ("name");--> statement-breakpoint
CREATE INDEX "moderation_log_business" ON "moderation_log" USING btree ("business_id","at");--> statement-breakpoint
CREATE INDEX "name_change_requests_status" ON "name_change_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "verification_requests_status" ON "verification_requests" USING btree ("status","created_at");