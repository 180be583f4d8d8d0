using Tickwatch.Core.Prices;

namespace Tickwatch.Feeds.Codecs;

/// <summary>What the listener knows about a frame that the frame itself does not say.</summary>
/// <param name="Feed">Name of the feed.</param>
/// <param name="FeedSession">Connection number; sequences are compared within one session only.</param>
/// <param name="ReceivedAt">Local time the frame was read.</param>
/// <param name="MaxClockSkew">How far ahead of <paramref name="ReceivedAt"/> a source time may be; further is refused as <see cref="ParseErrorCategory.FutureTimestamp"/>.</param>
public readonly record struct DecodeContext(string Feed, long FeedSession, DateTimeOffset ReceivedAt, TimeSpan MaxClockSkew)
{
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMicroseconds = MaxUnixMilliseconds * 1_000;

    /// <summary>A context with the default skew (<see cref="SourceClock.DefaultMaxClockSkew"/>).</summary>
    public DecodeContext(string feed, long feedSession, DateTimeOffset receivedAt)
        : this(feed, feedSession, receivedAt, SourceClock.DefaultMaxClockSkew)
    {
    }

    /// <summary>Checks a source time read as Unix milliseconds; false with the category and a static detail when it cannot be true.</summary>
    public bool TryAcceptSourceTime(long unixMilliseconds, out DateTimeOffset sourceTime, out ParseErrorCategory error, out string detail)
    {
        sourceTime = default;
        if (SourceClock.IsInvalid(unixMilliseconds))
        {
            (error, detail) = (ParseErrorCategory.InvalidTimestamp, "ts is not a positive time in Unix milliseconds");
            return false;
        }

        // Beyond what DateTimeOffset holds is the far future too.
        if (unixMilliseconds > MaxUnixMilliseconds
            || SourceClock.IsFuture(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), ReceivedAt, MaxClockSkew))
        {
            (error, detail) = (ParseErrorCategory.FutureTimestamp, "ts is further ahead of the local clock than MaxClockSkew");
            return false;
        }

        sourceTime = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
        (error, detail) = (default, "");
        return true;
    }

    /// <summary>Checks a source time read as Unix microseconds (as SBE streams send it), by the same rules as <see cref="TryAcceptSourceTime"/>.</summary>
    public bool TryAcceptSourceTimeMicros(long unixMicroseconds, out DateTimeOffset sourceTime, out ParseErrorCategory error, out string detail)
    {
        sourceTime = default;
        if (unixMicroseconds <= 0)
        {
            (error, detail) = (ParseErrorCategory.InvalidTimestamp, "event time is not a positive time in Unix microseconds");
            return false;
        }

        var time = unixMicroseconds > MaxUnixMicroseconds ? DateTimeOffset.MaxValue : PriceVersion.FromUnixMicros(unixMicroseconds);
        if (unixMicroseconds > MaxUnixMicroseconds || SourceClock.IsFuture(time, ReceivedAt, MaxClockSkew))
        {
            (error, detail) = (ParseErrorCategory.FutureTimestamp, "event time is further ahead of the local clock than MaxClockSkew");
            return false;
        }

        sourceTime = time;
        (error, detail) = (default, "");
        return true;
    }

    /// <summary>A price update of this frame: what the frame said, stamped with what the listener knows about it.</summary>
    public PriceUpdate Update(string symbol, decimal? bid, decimal? ask, long? sourceSequence, DateTimeOffset? sourceTime) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = ask,
        Feed = Feed,
        FeedSession = FeedSession,
        ReceivedAt = ReceivedAt,
        SourceSequence = sourceSequence,
        SourceTime = sourceTime,
    };
}
