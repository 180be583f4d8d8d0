namespace Tickwatch.Market.Cluster;

/// <summary>This instance's role for one feed, with the instance that holds the feed when it is not this one.</summary>
/// <param name="Kind">Writer, standby, unheld or unknown.</param>
/// <param name="HeldBy">The holding instance's id: this instance for a writer, another for a standby; null when unheld or unknown.</param>
public sealed record FeedRole(FeedRoleKind Kind, string? HeldBy)
{
    public const string WriterName = "writer";
    public const string StandbyName = "standby";
    public const string UnheldName = "unheld";
    public const string UnknownName = "unknown";

    /// <summary>The role as the diagnostics show it: <c>writer</c>, <c>standby</c>, <c>unheld</c> or <c>unknown</c>.</summary>
    public string Name => Kind switch
    {
        FeedRoleKind.Writer => WriterName,
        FeedRoleKind.Standby => StandbyName,
        FeedRoleKind.Unheld => UnheldName,
        _ => UnknownName,
    };
}
