namespace Tickwatch.Trading.Ledger;

/// <summary>What the writer made of the oldest entries of one account's outbox (<see cref="LedgerOutboxReader"/>).</summary>
/// <param name="Events">One event per entry from the first on, whole commits only: the entries they cover can be trimmed once the ledger holds them.</param>
/// <param name="Times">Each entry's commit time as read (null when it could not be read), for the writer's lag.</param>
/// <param name="Poison">The entry the account is held at, when one could not be read or recorded.</param>
/// <param name="NeedsMore">The page held one commit only and did not end with it: read a longer page.</param>
public sealed record LedgerOutboxReading(IReadOnlyList<LedgerEvent> Events, IReadOnlyList<DateTimeOffset?> Times, LedgerPoisonEntry? Poison, bool NeedsMore);
