namespace Tickwatch.Gateway.OrderEntry;

/// <summary>
/// How fast one client may send orders (section <c>Gateway:OrderEntry</c>): a token bucket per user, or per address
/// without one. Reads (GET) have a bucket of their own, so a client that watches its orders closely can still close them.
/// </summary>
public sealed class OrderEntryOptions
{
    public const string SectionName = "Gateway:OrderEntry";

    /// <summary>Orders a client may send in a burst.</summary>
    public int BurstLimit { get; set; } = 10;

    /// <summary>Orders added back to the bucket every <see cref="ReplenishPeriod"/>.</summary>
    public int TokensPerPeriod { get; set; } = 5;

    public TimeSpan ReplenishPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads (orders, account, history, deals, statement) a client may send in a burst.</summary>
    public int ReadBurstLimit { get; set; } = 60;

    /// <summary>Reads added back to the read bucket every <see cref="ReplenishPeriod"/>.</summary>
    public int ReadTokensPerPeriod { get; set; } = 30;
}
