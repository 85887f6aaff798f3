CREATE TABLE "inbox_auto_replies" (
	"conv" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" bigint NOT NULL,
	CONSTRAINT "inbox_auto_replies_conv_kind_pk" PRIMARY KEY("conv","kind")
);
