namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger store's counters since start, for <c>/api/debug/ledger</c> and the metrics.</summary>
public sealed class LedgerStatistics
{
    private long _applied;
    private long _duplicates;
    private long _refused;
    private long _failed;

    /// <summary>Events written.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Events skipped because they had been applied before.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Batches refused for an invalid or out-of-order event.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Batches the database failed (nothing of them written).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void Count(LedgerWriteResult result)
    {
        Interlocked.Add(ref _applied, result.Applied);
        Interlocked.Add(ref _duplicates, result.Duplicates);
    }

    internal void CountRefused() => Interlocked.Increment(ref _refused);

    internal void CountFailed() => Interlocked.Increment(ref _failed);
}
