using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;

namespace Tickwatch.Trading.Ledger;

/// <summary>An account as the ledger knows it: its configuration, its balance from the operations, and how far its outbox was applied.</summary>
/// <param name="Id">The account.</param>
/// <param name="Configuration">Its configuration as last recorded, its wallet balance set to <paramref name="Balance"/>; null when no account event was recorded yet.</param>
/// <param name="Balance">The sum of its balance operations.</param>
/// <param name="Position">The last event applied; the writer resumes after it.</param>
public sealed record LedgerAccount(AccountId Id, TradingAccount? Configuration, decimal Balance, LedgerEventId? Position);
