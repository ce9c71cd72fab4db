CREATE TYPE "public"."report_status" AS ENUM('PENDING', 'SENT', 'FAILED', 'NO_ACTIVITY');--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" "report_status" DEFAULT 'PENDING' NOT NULL,
	"content" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" varchar(500),
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_user_period_unique" UNIQUE("user_id","period_from","period_to")
);
--> statement-breakpoint
CREATE TABLE "transaction_daily_totals" (
	"user_id" uuid NOT NULL,
	"date" date NOT NULL,
	"type" "transaction_type" NOT NULL,
	"category" varchar(50) NOT NULL,
	"amount_cents" bigint NOT NULL,
	"transaction_count" integer NOT NULL,
	CONSTRAINT "transaction_daily_totals_user_id_date_type_category_pk" PRIMARY KEY("user_id","date","type","category")
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_user_period_to_idx" ON "reports" USING btree ("user_id","period_to" DESC NULLS LAST,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_due_attempt_idx" ON "reports" USING btree ("next_attempt_at") WHERE "reports"."status" in ('PENDING', 'FAILED') and "reports"."next_attempt_at" is not null;