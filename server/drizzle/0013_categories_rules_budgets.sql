CREATE TYPE "public"."budget_alert_status" AS ENUM('PENDING', 'SENT', 'FAILED', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "public"."budget_period" AS ENUM('WEEKLY', 'MONTHLY');--> statement-breakpoint
CREATE TYPE "public"."rule_field" AS ENUM('TITLE', 'DESCRIPTION', 'ANY');--> statement-breakpoint
CREATE TYPE "public"."rule_operator" AS ENUM('CONTAINS', 'STARTS_WITH', 'EQUALS', 'MATCHES');--> statement-breakpoint
CREATE TABLE "budget_alert_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"thresholds" smallint[] DEFAULT '{80,100}'::smallint[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"budget_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"threshold" smallint NOT NULL,
	"budgeted_cents" bigint NOT NULL,
	"spent_cents" bigint NOT NULL,
	"status" "budget_alert_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" varchar(500),
	"sent_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_budget_period_threshold_unique" UNIQUE("budget_id","period_start","threshold")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"category_id" uuid,
	"period" "budget_period" NOT NULL,
	"amount_cents" bigint NOT NULL,
	"rollover" boolean DEFAULT false NOT NULL,
	"starts_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_amount_positive" CHECK ("budgets"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "transaction_type" NOT NULL,
	"name" varchar(50) NOT NULL,
	"normalized_name" varchar(50) GENERATED ALWAYS AS (lower(regexp_replace(btrim(name), '\s+', ' ', 'g'))) STORED NOT NULL,
	"colour" varchar(7) NOT NULL,
	"icon" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"field" "rule_field" NOT NULL,
	"operator" "rule_operator" NOT NULL,
	"pattern" varchar(100) NOT NULL,
	"amount_min_cents" bigint,
	"amount_max_cents" bigint,
	"transaction_type" "transaction_type",
	"category_id" uuid NOT NULL,
	"set_title" varchar(255),
	"set_payment_method" "payment_method",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rules_amount_range" CHECK ("rules"."amount_min_cents" is null or "rules"."amount_max_cents" is null or "rules"."amount_min_cents" <= "rules"."amount_max_cents")
);
--> statement-breakpoint
ALTER TABLE "budget_alert_settings" ADD CONSTRAINT "budget_alert_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_alerts_user_created_idx" ON "budget_alerts" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "budget_alerts_due_idx" ON "budget_alerts" USING btree ("next_attempt_at") WHERE "budget_alerts"."status" in ('PENDING', 'FAILED') and "budget_alerts"."next_attempt_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_user_category_unique" ON "budgets" USING btree ("user_id","category_id") WHERE "budgets"."category_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_user_overall_unique" ON "budgets" USING btree ("user_id") WHERE "budgets"."category_id" is null;--> statement-breakpoint
CREATE INDEX "budgets_category_idx" ON "budgets" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_user_kind_name_unique" ON "categories" USING btree ("user_id","kind","normalized_name");--> statement-breakpoint
CREATE INDEX "rules_user_position_idx" ON "rules" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "rules_category_idx" ON "rules" USING btree ("category_id");--> statement-breakpoint
-- Every name a user has typed becomes a category of its kind. Spellings that differ only in case or
-- spacing are one category, named by the spelling the user used most (then the first alphabetically),
-- and colours are handed out from the palette in name order.
WITH spellings AS (
  SELECT user_id, type, regexp_replace(btrim(category), '\s+', ' ', 'g') AS name, count(*) AS uses
  FROM transactions
  GROUP BY user_id, type, regexp_replace(btrim(category), '\s+', ' ', 'g')
),
chosen AS (
  SELECT DISTINCT ON (user_id, type, lower(name)) user_id, type, name
  FROM spellings
  ORDER BY user_id, type, lower(name), uses DESC, name
)
INSERT INTO categories (user_id, kind, name, colour)
SELECT user_id, type, name,
  (ARRAY['#2563eb','#16a34a','#dc2626','#d97706','#7c3aed','#0891b2','#db2777','#65a30d','#ea580c','#4f46e5','#0d9488','#9333ea'])
    [1 + (row_number() OVER (PARTITION BY user_id ORDER BY type, name) - 1) % 12]
FROM chosen;
--> statement-breakpoint
-- Transactions take their category's chosen spelling. Only the spelling moves between daily-total keys
-- (the triggers carry the sums), so no total changes.
UPDATE transactions AS t
SET category = c.name
FROM categories AS c
WHERE c.user_id = t.user_id
  AND c.kind = t.type
  AND c.normalized_name = lower(regexp_replace(btrim(t.category), '\s+', ' ', 'g'))
  AND t.category <> c.name;
--> statement-breakpoint
-- The starter set (DEFAULT_CATEGORIES as it is today), merged with what each user already has.
INSERT INTO categories (user_id, kind, name, colour)
SELECT u.id, d.kind, d.name, d.colour
FROM users AS u
CROSS JOIN (VALUES
  ('INCOME'::transaction_type, 'Salary', '#16a34a'),
  ('INCOME'::transaction_type, 'Freelance', '#0d9488'),
  ('INCOME'::transaction_type, 'Investments', '#2563eb'),
  ('INCOME'::transaction_type, 'Gifts', '#db2777'),
  ('INCOME'::transaction_type, 'Refunds', '#65a30d'),
  ('INCOME'::transaction_type, 'Other income', '#64748b'),
  ('EXPENSE'::transaction_type, 'Groceries', '#16a34a'),
  ('EXPENSE'::transaction_type, 'Dining', '#ea580c'),
  ('EXPENSE'::transaction_type, 'Housing', '#2563eb'),
  ('EXPENSE'::transaction_type, 'Utilities', '#0891b2'),
  ('EXPENSE'::transaction_type, 'Transport', '#d97706'),
  ('EXPENSE'::transaction_type, 'Health', '#dc2626'),
  ('EXPENSE'::transaction_type, 'Shopping', '#7c3aed'),
  ('EXPENSE'::transaction_type, 'Entertainment', '#db2777'),
  ('EXPENSE'::transaction_type, 'Travel', '#4f46e5'),
  ('EXPENSE'::transaction_type, 'Education', '#9333ea'),
  ('EXPENSE'::transaction_type, 'Subscriptions', '#0d9488'),
  ('EXPENSE'::transaction_type, 'Other', '#64748b')
) AS d (kind, name, colour)
ON CONFLICT (user_id, kind, normalized_name) DO NOTHING;
