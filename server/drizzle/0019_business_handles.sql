CREATE TABLE "business_handles" (
	"handle" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"key" text,
	"created_at" bigint NOT NULL,
	"retired_at" bigint
);
--> statement-breakpoint
CREATE TABLE "handle_change_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"handle" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"decided_at" bigint,
	"decided_by" text,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "link_actions" (
	"handle" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"person_id" text NOT NULL,
	"business_id" text NOT NULL,
	CONSTRAINT "link_actions_handle_day_kind_person_id_pk" PRIMARY KEY("handle","day","kind","person_id")
);
--> statement-breakpoint
CREATE TABLE "link_visits" (
	"handle" text NOT NULL,
	"day" text NOT NULL,
	"business_id" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "link_visits_handle_day_pk" PRIMARY KEY("handle","day")
);
--> statement-breakpoint
CREATE INDEX "business_handles_business" ON "business_handles" USING btree ("business_id");--> statement-breakpoint
CREATE INDEX "business_handles_key" ON "business_handles" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "business_handles_current" ON "business_handles" USING btree ("business_id") WHERE "business_handles"."retired_at" IS NULL;--> statement-breakpoint
CREATE INDEX "handle_change_requests_status" ON "handle_change_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "handle_change_requests_one_pending" ON "handle_change_requests" USING btree ("business_id") WHERE "handle_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "link_actions_business" ON "link_actions" USING btree ("business_id","day");--> statement-breakpoint
CREATE INDEX "link_visits_business" ON "link_visits" USING btree ("business_id","day");--> statement-breakpoint
-- Every business registered before handles gets one from its name's letters (common accents
-- dropped) and digits and a piece of its id (so two alike names get different handles); its
-- look-alike key is computed by the server at start (HandleRegistry.sweep), which has the
-- confusables table.
INSERT INTO "business_handles" ("handle", "business_id", "key", "created_at")
SELECT coalesce(nullif(trim(both '-' from left(regexp_replace(translate(lower("name"), 'áàâäãåāéèêëēíìîïīóòôöõøōúùûüūñçýÿ', 'aaaaaaaeeeeeiiiiiooooooouuuuuncyy'), '[^a-z0-9]+', '-', 'g'), 20)), ''), 'shop')
       || '-' || substr(md5("id"), 1, 6),
       "id", NULL, "created_at"
FROM "businesses"
ON CONFLICT DO NOTHING;
