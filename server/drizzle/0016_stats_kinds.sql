CREATE TABLE "stats_kinds" (
	"business_id" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_kinds_business_id_day_kind_pk" PRIMARY KEY("business_id","day","kind")
);
