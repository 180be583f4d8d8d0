namespace Tickwatch.ClusterHarness;

/// <summary>A logical ledger event held in more than one row: the table, the logical key (account, order, kind) and its rows.</summary>
internal sealed record LedgerRowsTwice(string Table, string Key, long Rows);
