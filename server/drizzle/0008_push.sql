CREATE TABLE "push_claims" (
	"message" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_subscriptions" (
	"session_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"identity_id" text NOT NULL,
	"app" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "push_subscriptions_session_id_endpoint_pk" PRIMARY KEY("session_id","endpoint")
);
--> statement-breakpoint
CREATE INDEX "push_claims_at" ON "push_claims" USING btree ("at");--> statement-breakpoint
CREATE INDEX "push_subscriptions_identity" ON "push_subscriptions" USING btree ("identity_id");--> statement-breakpoint
CREATE INDEX "push_subscriptions_endpoint" ON "push_subscriptions" USING btree ("endpoint");