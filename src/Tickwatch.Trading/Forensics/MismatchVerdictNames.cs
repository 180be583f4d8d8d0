namespace Tickwatch.Trading.Forensics;

/// <summary>The verdicts' wire names (<c>slow_client</c>, <c>stale_view</c>, …), as the forensics answer and the metric label them.</summary>
public static class MismatchVerdictNames
{
    private static readonly string[] Names =
    [
        "spread_markup",
        "price_moved_within_deviation",
        "slow_client",
        "stale_view",
        "feed_divergence",
        "stale_price_refused",
        "requoted",
        "client_sent_no_quote",
    ];

    public static IReadOnlyList<string> All => Names;

    public static string ToWireName(this MismatchVerdict verdict) => Names[(int)verdict];
}
