CREATE TABLE "forward_claims" (
	"actor" text NOT NULL,
	"content" text NOT NULL,
	"conv" text NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "forward_claims_actor_content_conv_pk" PRIMARY KEY("actor","content","conv")
);
