namespace Tickwatch.Gateway.Forensics;

/// <summary>What the gateway remembers of the prices it showed each user (section <c>Gateway:Forensics</c>), and within what bounds.</summary>
public sealed class ShownPriceOptions
{
    public const string SectionName = "Gateway:Forensics";

    /// <summary>Whether the gateway records what it sends; off, the stream's send path and <c>/api/quotes</c> record nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a price sent stays remembered (unless <see cref="ShownPerSymbol"/> pushes it out first).</summary>
    public TimeSpan ShownWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most prices remembered per user and symbol: the newest are kept.</summary>
    public int ShownPerSymbol { get; set; } = 64;

    /// <summary>Most users remembered at once; past it the least recently active are forgotten first.</summary>
    public int MaxUsers { get; set; } = 20_000;

    /// <summary>Most bytes the record may hold (by its own accounting); past it the least recently active users are forgotten first.</summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;
}
