CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "transfer_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "source_id" varchar(100);--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "cleared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transfers_user_idx" ON "transfers" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_account_source_unique" ON "transactions" USING btree ("account_id","source_id") WHERE "transactions"."source_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_transfer_idx" ON "transactions" USING btree ("transfer_id") WHERE "transactions"."transfer_id" is not null;--> statement-breakpoint
-- The daily totals (and so analytics, budgets and reports) leave transfer legs out: a transfer moves
-- money between a user's accounts and is neither income nor an expense. Turning an expense and an
-- income into a transfer (setting transfer_id) takes them out of the totals; the reverse puts them back.
CREATE OR REPLACE FUNCTION transaction_daily_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO transaction_daily_totals AS t (user_id, date, type, category, amount_cents, transaction_count)
    SELECT user_id, date, type, category, sum(amount_cents), count(*)
    FROM new_rows WHERE transfer_id IS NULL
    GROUP BY user_id, date, type, category
    ORDER BY user_id, date, type, category
    ON CONFLICT (user_id, date, type, category) DO UPDATE
      SET amount_cents = t.amount_cents + excluded.amount_cents,
          transaction_count = t.transaction_count + excluded.transaction_count;
    RETURN NULL;
  END IF;

  IF TG_OP = 'DELETE' THEN
    INSERT INTO transaction_daily_totals AS t (user_id, date, type, category, amount_cents, transaction_count)
    SELECT user_id, date, type, category, -sum(amount_cents), -count(*)
    FROM old_rows WHERE transfer_id IS NULL
    GROUP BY user_id, date, type, category
    ORDER BY user_id, date, type, category
    ON CONFLICT (user_id, date, type, category) DO UPDATE
      SET amount_cents = t.amount_cents + excluded.amount_cents,
          transaction_count = t.transaction_count + excluded.transaction_count;
  ELSE
    -- UPDATE: only the difference between the old and new rows moves; a title edit changes nothing here.
    INSERT INTO transaction_daily_totals AS t (user_id, date, type, category, amount_cents, transaction_count)
    SELECT user_id, date, type, category, sum(amount_cents), sum(row_count)
    FROM (
      SELECT user_id, date, type, category, -amount_cents AS amount_cents, -1 AS row_count FROM old_rows WHERE transfer_id IS NULL
      UNION ALL
      SELECT user_id, date, type, category, amount_cents, 1 FROM new_rows WHERE transfer_id IS NULL
    ) AS delta
    GROUP BY user_id, date, type, category
    HAVING sum(amount_cents) <> 0 OR sum(row_count) <> 0
    ORDER BY user_id, date, type, category
    ON CONFLICT (user_id, date, type, category) DO UPDATE
      SET amount_cents = t.amount_cents + excluded.amount_cents,
          transaction_count = t.transaction_count + excluded.transaction_count;
  END IF;

  -- Only keys an old row had can have dropped to zero transactions.
  DELETE FROM transaction_daily_totals AS t
  USING (SELECT DISTINCT user_id, date, type, category FROM old_rows WHERE transfer_id IS NULL) AS emptied
  WHERE t.user_id = emptied.user_id
    AND t.date = emptied.date
    AND t.type = emptied.type
    AND t.category = emptied.category
    AND t.transaction_count = 0;
  RETURN NULL;
END;
$$;
