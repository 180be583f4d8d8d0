using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Store;

/// <summary>
/// The ledger's outbox of a trading store: per account, the <see cref="OutboxEntry"/> texts its commits appended, in
/// commit order, read and trimmed by the one ledger writer.
/// </summary>
/// <remarks>
/// Accounts with entries are found without reading every account: each store marks an account pending when a commit
/// appends to its outbox, and the mark goes only when a trim leaves the outbox empty. A mark can be lost only with a
/// process between a Redis commit and its mark; <c>sweep</c> finds those.
/// </remarks>
public interface ITradingOutbox
{
    /// <summary>Accounts marked pending; with <paramref name="sweep"/> also every listed account whose outbox holds entries (marked again).</summary>
    Task<IReadOnlyList<AccountId>> ReadPendingAccountsAsync(bool sweep, CancellationToken cancellationToken);

    /// <summary>The oldest <paramref name="max"/> entries of the account's outbox and how many it holds.</summary>
    Task<OutboxPage> ReadOutboxAsync(AccountId account, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the oldest <paramref name="count"/> entries if the last of them is still <paramref name="last"/> (else
    /// nothing: the next read finds them again); an outbox left empty is no longer pending.
    /// </summary>
    /// <returns>How many entries are left.</returns>
    Task<long> TrimOutboxAsync(AccountId account, int count, string last, CancellationToken cancellationToken);
}
