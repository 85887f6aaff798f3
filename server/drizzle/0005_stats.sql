CREATE TABLE "stats_cursor" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_daily" (
	"business_id" text NOT NULL,
	"day" text NOT NULL,
	"template" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"broadcast" text DEFAULT '' NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"read" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_daily_business_id_day_template_version_broadcast_pk" PRIMARY KEY("business_id","day","template","version","broadcast")
);
--> statement-breakpoint
CREATE TABLE "stats_events" (
	"business_id" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_events_business_id_day_kind_reason_pk" PRIMARY KEY("business_id","day","kind","reason")
);
--> statement-breakpoint
CREATE TABLE "stats_messages" (
	"conv" text NOT NULL,
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"outgoing" boolean NOT NULL,
	"n" integer NOT NULL,
	"day" text NOT NULL,
	"template" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"broadcast" text DEFAULT '' NOT NULL,
	"delivered" boolean DEFAULT false NOT NULL,
	"read" boolean DEFAULT false NOT NULL,
	CONSTRAINT "stats_messages_conv_id_pk" PRIMARY KEY("conv","id")
);
--> statement-breakpoint
CREATE TABLE "stats_opt_ins" (
	"person_id" text NOT NULL,
	"business_id" text NOT NULL,
	"opted_in" boolean NOT NULL,
	CONSTRAINT "stats_opt_ins_person_id_business_id_pk" PRIMARY KEY("person_id","business_id")
);
--> statement-breakpoint
CREATE TABLE "stats_platform" (
	"day" text NOT NULL,
	"metric" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_platform_day_metric_reason_pk" PRIMARY KEY("day","metric","reason")
);
--> statement-breakpoint
CREATE TABLE "stats_receipts" (
	"conv" text NOT NULL,
	"reader" text NOT NULL,
	"d" integer NOT NULL,
	"r" integer NOT NULL,
	CONSTRAINT "stats_receipts_conv_reader_pk" PRIMARY KEY("conv","reader")
);
--> statement-breakpoint
CREATE INDEX "stats_messages_conv_n" ON "stats_messages" USING btree ("conv","outgoing","n");