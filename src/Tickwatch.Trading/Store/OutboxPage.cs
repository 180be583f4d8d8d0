namespace Tickwatch.Trading.Store;

/// <summary>The oldest entries of an account's outbox (<see cref="OutboxEntry"/> texts), how many it holds in all, and the account's revision as read with them.</summary>
/// <param name="Entries">The oldest entries, oldest first.</param>
/// <param name="Depth">How many entries the outbox holds.</param>
/// <param name="Revision">The account's revision in the hot state (0 when it has none): a ledger ahead of it means the hot state was emptied or reset.</param>
public sealed record OutboxPage(IReadOnlyList<string> Entries, long Depth, long Revision);
