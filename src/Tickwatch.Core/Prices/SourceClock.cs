namespace Tickwatch.Core.Prices;

/// <summary>The one rule for whether a time a price carries can be true: positive, and not ahead of the local clock by more than the allowed skew.</summary>
/// <remarks>
/// Prices are ordered time first (<see cref="PriceVersion"/>), so one price stamped in the future would outrank every
/// true price after it and freeze its symbol, in the book, the store and across a restart. Feeds refuse such a time
/// when they read it (each with its own <c>MaxClockSkew</c>); stores and the warm-up refuse a stored version beyond
/// <see cref="MaxStoredLead"/>, which is the largest skew a feed may be allowed, so whatever a feed accepted stays valid.
/// </remarks>
public static class SourceClock
{
    /// <summary>
    /// The default per-feed skew: NTP keeps the source's clock and ours within milliseconds, and a source stamps a price
    /// before we receive it, so 2 s is far above a healthy gap yet well below a symbol's usual <c>MaxQuoteAge</c>,
    /// which bounds how long a price stamped up to that far ahead may hold back the true ones after it.
    /// </summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromSeconds(2);

    /// <summary>The largest skew a feed may be configured with, and how far ahead of now a store's version may be.</summary>
    public static readonly TimeSpan MaxStoredLead = TimeSpan.FromSeconds(10);

    /// <summary>True when a source time of <paramref name="unixMilliseconds"/> is not positive (the epoch or before: no real price).</summary>
    public static bool IsInvalid(long unixMilliseconds) => unixMilliseconds <= 0;

    /// <summary>True when <paramref name="time"/> is more than <paramref name="maxSkew"/> ahead of <paramref name="now"/>.</summary>
    public static bool IsFuture(DateTimeOffset time, DateTimeOffset now, TimeSpan maxSkew) => time - now > maxSkew;

    /// <summary>True when a stored version's time is more than <see cref="MaxStoredLead"/> ahead of <paramref name="now"/>: a poisoned version, which any current price replaces.</summary>
    public static bool IsFuture(PriceVersion version, DateTimeOffset now) =>
        version.TimestampMicros > PriceVersion.ToUnixMicros(now) + (MaxStoredLead.Ticks / TimeSpan.TicksPerMicrosecond);
}
