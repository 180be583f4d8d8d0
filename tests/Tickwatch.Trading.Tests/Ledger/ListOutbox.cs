using Tickwatch.Core.Trading;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>An outbox of stored texts, so a test can put in it what no store would write (a poison entry), or fail its trims.</summary>
internal sealed class ListOutbox(ITradingOutbox? inner = null) : ITradingOutbox
{
    private readonly Dictionary<AccountId, List<string>> _entries = [];

    /// <summary>Trims that fail (as a process stopped between the ledger write and the trim would leave it).</summary>
    public int FailTrims { get; set; }

    /// <summary>The hot state's revision the pages report when there is no inner outbox (by default ahead of any ledger).</summary>
    public long Revision { get; set; } = long.MaxValue;

    /// <summary>When set, the only accounts the inner outbox is read for (a shared Redis cluster holds other tests' accounts).</summary>
    public IReadOnlySet<AccountId>? Only { get; init; }

    public List<string> Of(AccountId account) => _entries.TryGetValue(account, out var list) ? list : _entries[account] = [];

    public async Task<IReadOnlyList<AccountId>> ReadPendingAccountsAsync(bool sweep, CancellationToken cancellationToken) =>
        inner is null
            ? [.. _entries.Where(e => e.Value.Count > 0).Select(e => e.Key)]
            : [.. (await inner.ReadPendingAccountsAsync(sweep, cancellationToken)).Where(a => Only is null || Only.Contains(a))];

    public async Task<OutboxPage> ReadOutboxAsync(AccountId account, int max, CancellationToken cancellationToken) =>
        inner is null ? new OutboxPage([.. Of(account).Take(max)], Of(account).Count, Revision) : await inner.ReadOutboxAsync(account, max, cancellationToken);

    public async Task<long> TrimOutboxAsync(AccountId account, int count, string last, CancellationToken cancellationToken)
    {
        if (FailTrims > 0)
        {
            FailTrims--;
            throw new TradingStoreException("The trim was lost with the process.");
        }

        if (inner is not null)
        {
            return await inner.TrimOutboxAsync(account, count, last, cancellationToken);
        }

        var list = Of(account);
        if (count <= list.Count && list[count - 1] == last)
        {
            list.RemoveRange(0, count);
        }

        return list.Count;
    }
}
