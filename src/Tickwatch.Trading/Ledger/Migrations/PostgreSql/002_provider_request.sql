-- An order's close, cancel or modify sent to the liquidity provider and not answered yet (OutstandingRequest's text,
-- action|n|volume|price|final[|reason]), so a restore brings it back and the link sends it again; null when none is outstanding.
ALTER TABLE orders ADD COLUMN provider_request text;
-- The part of a provider order still working after partial fills (the filled part is the position's volume), so a
-- restore keeps its margin reserved and the link's re-send asks for the whole order; null when nothing is working.
ALTER TABLE orders ADD COLUMN working_volume numeric;
