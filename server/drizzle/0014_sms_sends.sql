CREATE TABLE "sms_sends" (
	"id" text PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sms_sends_created" ON "sms_sends" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sms_sends_country" ON "sms_sends" USING btree ("country","created_at");