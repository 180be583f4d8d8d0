namespace Tickwatch.Market.Warmup;

/// <summary>When the market service loads the last stored prices into the book (section <c>Warmup</c>).</summary>
public sealed class WarmupOptions
{
    public const string SectionName = "Warmup";

    /// <summary>Warm up again whenever a feed reconnects (as well as at start).</summary>
    public bool OnReconnect { get; set; } = true;

    /// <summary>After a warm-up that could not read the store, try again after this long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many recent warm-ups <c>GET /api/debug/warmup</c> shows.</summary>
    public int HistorySize { get; set; } = 20;
}
