using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store;

/// <summary>
/// Accounts, group terms and orders. Every change of one account is one atomic <see cref="CommitAsync"/> under optimistic
/// concurrency (its revision), so concurrent orders of one user can never reserve the same free margin twice.
/// </summary>
/// <remarks>
/// The embedded in-memory store and the Redis Cluster store (one Lua script on the account's hash tag, reference keys)
/// pass one contract test suite. Failures of the store come back as exceptions; a lost race is a
/// <see cref="CommitStatus.Conflict"/>, never an exception.
/// </remarks>
public interface ITradingStore
{
    Task<AccountState?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>Creates an account or changes its configuration (the balance included), raising its revision.</summary>
    Task PutAccountAsync(TradingAccount account, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountId>> ListAccountsAsync(CancellationToken cancellationToken);

    Task<GroupSymbolTerms?> ReadTermsAsync(string group, string symbol, CancellationToken cancellationToken);

    Task PutTermsAsync(GroupSymbolTerms terms, CancellationToken cancellationToken);

    /// <summary>Every group's terms, for listing and for the engine's cache.</summary>
    Task<IReadOnlyList<GroupSymbolTerms>> ListTermsAsync(CancellationToken cancellationToken);

    /// <summary>An order of the account, active or final (final ones are kept for a while, for the client's history).</summary>
    Task<Order?> ReadOrderAsync(AccountId account, string orderId, CancellationToken cancellationToken);

    /// <summary>The answer kept under an idempotency key, or null when the key is new.</summary>
    Task<string?> ReadPriorResultAsync(AccountId account, string idempotencyKey, CancellationToken cancellationToken);

    Task<CommitOutcome> CommitAsync(AccountCommit commit, CancellationToken cancellationToken);
}
