-- Keeps transaction_daily_totals equal to an aggregate of transactions. Statement-level triggers with
-- transition tables apply one grouped upsert per statement, so a bulk import of 10,000 rows costs one
-- pass instead of 10,000 single-row upserts. Rows are upserted in key order so concurrent writers lock
-- them in the same order.
CREATE FUNCTION transaction_daily_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO transaction_daily_totals AS t (user_id, date, type, category, amount_cents, transaction_count)
    SELECT user_id, date, type, category, sum(amount_cents), count(*)
    FROM new_rows
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
    FROM old_rows
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
      SELECT user_id, date, type, category, -amount_cents AS amount_cents, -1 AS row_count FROM old_rows
      UNION ALL
      SELECT user_id, date, type, category, amount_cents, 1 FROM new_rows
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
  USING (SELECT DISTINCT user_id, date, type, category FROM old_rows) AS emptied
  WHERE t.user_id = emptied.user_id
    AND t.date = emptied.date
    AND t.type = emptied.type
    AND t.category = emptied.category
    AND t.transaction_count = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- No writer may slip between the triggers' creation and the backfill below.
LOCK TABLE transactions IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_insert
  AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_apply();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_update
  AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_apply();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_delete
  AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_apply();
--> statement-breakpoint
INSERT INTO transaction_daily_totals (user_id, date, type, category, amount_cents, transaction_count)
SELECT user_id, date, type, category, sum(amount_cents), count(*)
FROM transactions
GROUP BY user_id, date, type, category;
