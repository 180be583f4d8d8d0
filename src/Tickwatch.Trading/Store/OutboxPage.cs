namespace Tickwatch.Trading.Store;

/// <summary>The oldest entries of an account's outbox (<see cref="OutboxEntry"/> texts) and how many it holds in all.</summary>
public sealed record OutboxPage(IReadOnlyList<string> Entries, long Depth);
