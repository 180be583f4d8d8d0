using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Ledger;

/// <summary>An outbox entry the ledger writer cannot record: the account is held at it (nothing after it is written) until an operator mends it.</summary>
/// <param name="Account">The account whose outbox holds it.</param>
/// <param name="Revision">Its revision, when it could be read.</param>
/// <param name="Entry">The entry as stored (its first <see cref="LedgerOutboxReader.EntryShown"/> characters).</param>
/// <param name="Problem">Why it cannot be recorded.</param>
/// <param name="Since">When the writer first met it.</param>
public sealed record LedgerPoisonEntry(AccountId Account, long? Revision, string Entry, string Problem, DateTimeOffset Since);
