using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Storage.Writing;

/// <summary>How the store writer batches and retries (section <c>StoreWriter</c>; the defaults suit both stores).</summary>
public sealed class PriceStoreWriterOptions
{
    public const string SectionName = "StoreWriter";

    /// <summary>Most prices (one per symbol) written in one pipelined batch.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Most batches in flight at once (never two writes of one symbol).</summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Wait before the first retry of a failed write; doubles with each failing batch in a row.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait between retries of a failed write.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Window of the latency percentiles.</summary>
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Window of the write and offer rates, in whole seconds.</summary>
    [Range(1, 3600)]
    public int RateWindowSeconds { get; set; } = 10;
}
