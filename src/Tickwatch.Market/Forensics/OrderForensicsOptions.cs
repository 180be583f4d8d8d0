namespace Tickwatch.Market.Forensics;

/// <summary>
/// Settings of the order forensics (section <c>Forensics</c>): where the gateways that showed clients their prices
/// answer, how far back before a decision their views are read, and where a difference becomes a finding.
/// </summary>
public sealed class OrderForensicsOptions
{
    public const string SectionName = "Forensics";

    /// <summary>Base addresses of the gateways whose clients trade here (<c>Forensics:Gateways:0</c>); <c>tickwatch up</c> sets its own.</summary>
    public List<Uri> Gateways { get; set; } = [];

    /// <summary>How long a gateway may take to say what it showed.</summary>
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far before a decision the prices shown to the user are read.</summary>
    public TimeSpan ShownLookback { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Shown prices listed per decision, the newest kept.</summary>
    public int ShownListed { get; set; } = 20;

    /// <summary>A client whose stream had this many newer prices when it was sent the one it acted on is slow.</summary>
    public long SlowClientNewerPrices { get; set; } = 5;

    /// <summary>A view older than this (age when shown, or shown this long before the order) is stale.</summary>
    public TimeSpan StaleView { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Feeds whose mids differ by at least this many pips at a decision diverge.</summary>
    public decimal FeedDivergencePips { get; set; } = 2m;
}
