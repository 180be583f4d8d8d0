-- An order's close, cancel or modify sent to the liquidity provider and not answered yet (OutstandingRequest's text,
-- action|n|volume|price|final), so a restore brings it back and the link sends it again; null when none is outstanding.
ALTER TABLE orders ADD COLUMN provider_request text;
