using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The books of record: every order change, deal and balance operation, written exactly once and in order per account
/// from the trading store's outbox, and read back for statements, restore and reconciliation.
/// </summary>
/// <remarks>
/// PostgreSQL in production and SQLite as the embedded default pass one contract test suite. The schema is migrated
/// before the first use (or by <see cref="MigrateAsync"/>); a database newer than the code is refused with a
/// <see cref="LedgerSchemaException"/>. Failures of the database come back as exceptions, and a batch that fails
/// leaves nothing written. Times are kept to the microsecond; ranges are [since, until).
/// </remarks>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Events applied, duplicates skipped, batches refused.</summary>
    LedgerStatistics Statistics { get; }

    /// <summary>Brings the schema to this code's version; a no-op when it is there already.</summary>
    Task<LedgerSchemaMigration> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies a batch in one transaction: per account in the batch's order, which must rise; an event at or before
    /// its account's position is a duplicate and skipped. A batch with an invalid or out-of-order event is refused
    /// whole with an <see cref="ArgumentException"/>.
    /// </summary>
    Task<LedgerWriteResult> WriteAsync(IReadOnlyList<LedgerEvent> batch, CancellationToken cancellationToken);

    Task<LedgerAccount?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>Every account with its balance and position, for restore and reconciliation.</summary>
    Task<IReadOnlyList<LedgerAccount>> ReadAccountsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<OrderStatusChange>> ReadOrderHistoryAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    Task<IReadOnlyList<Deal>> ReadDealsAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the orders that changed in [<paramref name="since"/>, <paramref name="until"/>), in the order of their
    /// first change in it, after <paramref name="after"/>: each with its last recorded state and its changes in the range.
    /// </summary>
    Task<IReadOnlyList<LedgerOrderHistory>> ReadOrdersAsync(
        AccountId account, DateTimeOffset since, DateTimeOffset until, LedgerCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>A page of the deals in [<paramref name="since"/>, <paramref name="until"/>) after <paramref name="after"/>, in the ledger's order.</summary>
    Task<IReadOnlyList<Deal>> ReadDealsAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, LedgerCursor after, int limit, CancellationToken cancellationToken);

    Task<AccountStatement> ReadStatementAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Orders not final that have been filled, as last recorded.</summary>
    Task<IReadOnlyList<Order>> ReadOpenPositionsAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>Orders not final and not filled yet: resting pending orders and orders queued at the provider.</summary>
    Task<IReadOnlyList<Order>> ReadPendingOrdersAsync(AccountId account, CancellationToken cancellationToken);

    Task<IReadOnlyList<RecordedAutoCutoffDecision>> ReadAutoCutoffDecisionsAsync(AccountId account, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
