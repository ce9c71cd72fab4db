CREATE TYPE "public"."account_kind" AS ENUM('CASH', 'CHECKING', 'SAVINGS', 'CREDIT_CARD', 'LOAN', 'INVESTMENT');--> statement-breakpoint
CREATE TABLE "account_balances" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"balance_cents" bigint NOT NULL,
	"transaction_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_daily_totals" (
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"date" date NOT NULL,
	"net_cents" bigint NOT NULL,
	"transaction_count" integer NOT NULL,
	CONSTRAINT "account_daily_totals_account_id_date_pk" PRIMARY KEY("account_id","date")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" varchar(60) NOT NULL,
	"kind" "account_kind" NOT NULL,
	"currency" varchar(3) NOT NULL,
	"opening_balance_cents" bigint DEFAULT 0 NOT NULL,
	"opening_date" date NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_id_user_unique" UNIQUE("id","user_id")
);
--> statement-breakpoint
-- Nullable until every existing row has its account (below).
ALTER TABLE "transactions" ADD COLUMN "account_id" uuid;--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_daily_totals" ADD CONSTRAINT "account_daily_totals_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_daily_totals" ADD CONSTRAINT "account_daily_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_daily_totals_user_date_idx" ON "account_daily_totals" USING btree ("user_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_user_name_unique" ON "accounts" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_user_default_unique" ON "accounts" USING btree ("user_id") WHERE "accounts"."is_default";--> statement-breakpoint
CREATE INDEX "accounts_user_position_idx" ON "accounts" USING btree ("user_id","position");--> statement-breakpoint
-- No writer may slip a transaction in between the backfill below and the triggers that take over from it.
LOCK TABLE transactions IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
-- Every user gets one default account, opened (at zero) on the earlier of their sign-up day and their
-- oldest transaction, so no transaction predates its account.
INSERT INTO accounts (user_id, name, kind, currency, opening_balance_cents, opening_date, position, is_default, created_at, updated_at)
SELECT u.id, 'Main account', 'CHECKING', u.currency, 0,
  least((u.created_at AT TIME ZONE u.timezone)::date, (SELECT min(t.date) FROM transactions AS t WHERE t.user_id = u.id)),
  0, true, now(), now()
FROM users AS u;
--> statement-breakpoint
-- Only account_id changes, so the daily totals' update trigger moves nothing.
UPDATE transactions AS t
SET account_id = a.id
FROM accounts AS a
WHERE a.user_id = t.user_id
  AND a.is_default;
--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "account_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_account_user_fk" FOREIGN KEY ("account_id","user_id") REFERENCES "public"."accounts"("id","user_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "transactions_user_account_date_idx" ON "transactions" USING btree ("user_id","account_id","date" DESC NULLS LAST,"id" DESC NULLS LAST);
--> statement-breakpoint
-- The user's default account, made on first need for a user who has none yet (a new sign-up). Two
-- first writes at once both try the insert; the partial unique index lets one win and the other reads it.
CREATE FUNCTION default_account_id(owner uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  found uuid;
BEGIN
  SELECT id INTO found FROM accounts WHERE user_id = owner AND is_default;
  IF found IS NOT NULL THEN
    RETURN found;
  END IF;
  INSERT INTO accounts (user_id, name, kind, currency, opening_balance_cents, opening_date, position, is_default)
  SELECT u.id, 'Main account', 'CHECKING', u.currency, 0, (now() AT TIME ZONE u.timezone)::date, 0, true
  FROM users AS u
  WHERE u.id = owner
  ON CONFLICT DO NOTHING
  RETURNING id INTO found;
  IF found IS NULL THEN
    SELECT id INTO found FROM accounts WHERE user_id = owner AND is_default;
  END IF;
  RETURN found;
END;
$$;
--> statement-breakpoint
-- Every insert path written before accounts existed (create, CSV import, recurrence, undo) names no
-- account; its rows go to the user's default account.
CREATE FUNCTION transactions_fill_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.account_id IS NULL THEN
    -- The common case inline (one index probe per row); the function only when the default is missing.
    SELECT id INTO NEW.account_id FROM accounts WHERE user_id = NEW.user_id AND is_default;
    IF NEW.account_id IS NULL THEN
      NEW.account_id := default_account_id(NEW.user_id);
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_fill_account
  BEFORE INSERT ON transactions
  FOR EACH ROW EXECUTE FUNCTION transactions_fill_account();
--> statement-breakpoint
-- Keeps account_balances and account_daily_totals equal to sums over transactions (INCOME adds,
-- EXPENSE subtracts), as transaction_daily_totals_apply does for the daily totals: one grouped upsert
-- per statement from the transition tables, keys in order so concurrent writers lock them alike. An
-- update moves only the difference, so a title edit writes nothing and an account change moves the
-- amount from one account to the other.
CREATE FUNCTION account_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH delta AS (
      SELECT account_id, user_id, date,
        CASE WHEN type = 'INCOME' THEN amount_cents ELSE -amount_cents END AS net_cents, 1 AS row_count
      FROM new_rows
    ),
    daily AS (
      INSERT INTO account_daily_totals AS d (account_id, user_id, date, net_cents, transaction_count)
      SELECT account_id, user_id, date, sum(net_cents), sum(row_count)
      FROM delta
      GROUP BY account_id, user_id, date
      HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
      ORDER BY account_id, date
      ON CONFLICT (account_id, date) DO UPDATE
        SET net_cents = d.net_cents + excluded.net_cents,
            transaction_count = d.transaction_count + excluded.transaction_count
    )
    INSERT INTO account_balances AS b (account_id, user_id, balance_cents, transaction_count)
    SELECT account_id, user_id, sum(net_cents), sum(row_count)
    FROM delta
    GROUP BY account_id, user_id
    HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
    ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE
      SET balance_cents = b.balance_cents + excluded.balance_cents,
          transaction_count = b.transaction_count + excluded.transaction_count;
    RETURN NULL;
  END IF;

  IF TG_OP = 'DELETE' THEN
    WITH delta AS (
      SELECT account_id, user_id, date,
        CASE WHEN type = 'INCOME' THEN -amount_cents ELSE amount_cents END AS net_cents, -1 AS row_count
      FROM old_rows AS o
      -- Deleting a user removes their accounts (and so their rollup rows) along with their transactions.
      WHERE EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = o.account_id)
    ),
    daily AS (
      INSERT INTO account_daily_totals AS d (account_id, user_id, date, net_cents, transaction_count)
      SELECT account_id, user_id, date, sum(net_cents), sum(row_count)
      FROM delta
      GROUP BY account_id, user_id, date
      HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
      ORDER BY account_id, date
      ON CONFLICT (account_id, date) DO UPDATE
        SET net_cents = d.net_cents + excluded.net_cents,
            transaction_count = d.transaction_count + excluded.transaction_count
    )
    INSERT INTO account_balances AS b (account_id, user_id, balance_cents, transaction_count)
    SELECT account_id, user_id, sum(net_cents), sum(row_count)
    FROM delta
    GROUP BY account_id, user_id
    HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
    ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE
      SET balance_cents = b.balance_cents + excluded.balance_cents,
          transaction_count = b.transaction_count + excluded.transaction_count;
  ELSE
    WITH delta AS (
      SELECT account_id, user_id, date,
        CASE WHEN type = 'INCOME' THEN -amount_cents ELSE amount_cents END AS net_cents, -1 AS row_count
      FROM old_rows AS o
      -- Deleting a user removes their accounts (and so their rollup rows) along with their transactions.
      WHERE EXISTS (SELECT 1 FROM accounts AS a WHERE a.id = o.account_id)
      UNION ALL
      SELECT account_id, user_id, date,
        CASE WHEN type = 'INCOME' THEN amount_cents ELSE -amount_cents END, 1
      FROM new_rows
    ),
    daily AS (
      INSERT INTO account_daily_totals AS d (account_id, user_id, date, net_cents, transaction_count)
      SELECT account_id, user_id, date, sum(net_cents), sum(row_count)
      FROM delta
      GROUP BY account_id, user_id, date
      HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
      ORDER BY account_id, date
      ON CONFLICT (account_id, date) DO UPDATE
        SET net_cents = d.net_cents + excluded.net_cents,
            transaction_count = d.transaction_count + excluded.transaction_count
    )
    INSERT INTO account_balances AS b (account_id, user_id, balance_cents, transaction_count)
    SELECT account_id, user_id, sum(net_cents), sum(row_count)
    FROM delta
    GROUP BY account_id, user_id
    HAVING sum(net_cents) <> 0 OR sum(row_count) <> 0
    ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE
      SET balance_cents = b.balance_cents + excluded.balance_cents,
          transaction_count = b.transaction_count + excluded.transaction_count;
  END IF;

  -- Only days an old row had can have dropped to no transactions.
  DELETE FROM account_daily_totals AS d
  USING (SELECT DISTINCT account_id, date FROM old_rows) AS emptied
  WHERE d.account_id = emptied.account_id
    AND d.date = emptied.date
    AND d.transaction_count = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_account_rollups_insert
  AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER transactions_account_rollups_update
  AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_rollups_apply();
--> statement-breakpoint
CREATE TRIGGER transactions_account_rollups_delete
  AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION account_rollups_apply();
--> statement-breakpoint
-- TRUNCATE fires no DELETE triggers; emptying the ledger this way empties the rollups with it.
CREATE FUNCTION account_rollups_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE account_balances, account_daily_totals;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_account_rollups_truncate
  AFTER TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION account_rollups_truncate();
--> statement-breakpoint
INSERT INTO account_balances (account_id, user_id, balance_cents, transaction_count)
SELECT account_id, user_id, sum(CASE WHEN type = 'INCOME' THEN amount_cents ELSE -amount_cents END), count(*)
FROM transactions
GROUP BY account_id, user_id;
--> statement-breakpoint
INSERT INTO account_daily_totals (account_id, user_id, date, net_cents, transaction_count)
SELECT account_id, user_id, date, sum(CASE WHEN type = 'INCOME' THEN amount_cents ELSE -amount_cents END), count(*)
FROM transactions
GROUP BY account_id, user_id, date;
