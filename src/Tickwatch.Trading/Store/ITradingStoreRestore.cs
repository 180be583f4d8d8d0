namespace Tickwatch.Trading.Store;

/// <summary>
/// Puts an account back as the ledger has it, for restore: configuration, balance and active orders at the ledger's
/// revision, in one atomic step, with no outbox entry (the ledger holds all of it already).
/// </summary>
/// <remarks>
/// Kept apart from <see cref="ITradingStore"/>, whose surface is the engine's. Both trading stores implement it and pass
/// one contract. The revision is the ledger's position, so the next commit is numbered above it and the ledger writer
/// takes it as new, not as a duplicate.
/// </remarks>
public interface ITradingStoreRestore
{
    /// <summary>
    /// Makes the account exactly <paramref name="state"/> (its active orders replace the ones held; final orders kept for
    /// the history and idempotency keys stay), unless the store holds it at <paramref name="state"/>'s revision or above:
    /// then nothing changes.
    /// </summary>
    /// <exception cref="ArgumentException">The revision is below 1, or an order is final or of another account.</exception>
    Task<AccountRestoreOutcome> RestoreAccountAsync(AccountState state, CancellationToken cancellationToken);
}
