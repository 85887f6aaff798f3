CREATE TABLE "receipt_times" (
	"conv" text NOT NULL,
	"reader" text NOT NULL,
	"d" integer NOT NULL,
	"r" integer NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "receipt_times_conv_reader_d_r_pk" PRIMARY KEY("conv","reader","d","r")
);
