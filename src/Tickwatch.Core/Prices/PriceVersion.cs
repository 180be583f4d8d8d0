using System.Globalization;

namespace Tickwatch.Core.Prices;

/// <summary>The order in which prices of one symbol supersede each other, in the book and in the store alike: time first, then sequence.</summary>
/// <remarks>
/// <para>
/// <see cref="TimestampMicros"/> is the source's time stamp when the quote carries one, else the local
/// received-at time, in microseconds since the Unix epoch. <see cref="Sequence"/> breaks ties: the source's
/// sequence when known (the book counts it on across a feed's sessions, so a new connection's numbers from 1 do not
/// lose to the last one's), else the book's. A store writes a price only if its version is strictly greater than
/// the stored one, so a duplicate (equal version) and anything older is refused.
/// </para>
/// <para>
/// The price book applies the same rule across feeds before it shows a quote, so a lagging feed's older quote can
/// never be what a client sees while the store keeps a newer one (a price mismatch by construction).
/// </para>
/// <para>
/// Both parts survive a restart (unlike the book sequence alone, which starts again at 0), and both are
/// plain integers, so the Redis script compares them exactly as decimal strings.
/// </para>
/// </remarks>
public readonly record struct PriceVersion(long TimestampMicros, long Sequence) : IComparable<PriceVersion>
{
    /// <summary>Older than any real price.</summary>
    public static readonly PriceVersion Zero;

    /// <summary>The rule: the version of a price with these times and sequences; the book stamps it on each <see cref="Quote"/> it makes.</summary>
    /// <remarks>Only where a price is born (the book, or a store hash written without a version); everything downstream reads <see cref="Quote.Version"/> or the stored one.</remarks>
    public static PriceVersion Of(DateTimeOffset? sourceTime, DateTimeOffset receivedAt, long? sourceSequence, long bookSequence) =>
        new(ToUnixMicros(sourceTime ?? receivedAt), sourceSequence ?? bookSequence);

    /// <summary>The version <paramref name="update"/> would have as the book's next quote, numbered <paramref name="nextBookSequence"/>, in its feed's first session (later sessions count the source sequence on).</summary>
    public static PriceVersion Of(in PriceUpdate update, long nextBookSequence) =>
        Of(update.SourceTime, update.ReceivedAt, update.SourceSequence, nextBookSequence);

    public static long ToUnixMicros(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicros(long micros) =>
        DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);

    public static bool operator <(PriceVersion left, PriceVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(PriceVersion left, PriceVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(PriceVersion left, PriceVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PriceVersion left, PriceVersion right) => left.CompareTo(right) >= 0;

    public static PriceVersion Max(PriceVersion left, PriceVersion right) => left >= right ? left : right;

    public int CompareTo(PriceVersion other)
    {
        var byTime = TimestampMicros.CompareTo(other.TimestampMicros);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>True when a store would write a price of this version over one of <paramref name="stored"/>.</summary>
    public bool Supersedes(PriceVersion stored) => this > stored;

    public override string ToString() =>
        TimestampMicros.ToString(CultureInfo.InvariantCulture) + "/" + Sequence.ToString(CultureInfo.InvariantCulture);
}
