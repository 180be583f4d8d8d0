using System.Buffers;
using System.Buffers.Text;
using Tickwatch.Core.Prices;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One price of one symbol, serialised once for every client: the JSON message up to its age, which each client's
/// send loop appends at the moment of sending (so every client sees how old the price is when it gets it).
/// </summary>
public sealed class PriceFrame
{
    private static readonly byte[] AgeSuffix = "}"u8.ToArray();

    internal PriceFrame(StoredPrice price, Freshness freshness, Freshness? announced, byte[] prefix)
    {
        Price = price;
        Freshness = freshness;
        Announced = announced;
        Prefix = prefix;
    }

    public StoredPrice Price { get; }

    public long Sequence => Price.BookSequence;

    /// <summary>This frame's number among its symbol's frames (1, 2, …), so a client's send loop knows how many it skipped.</summary>
    internal long Index { get; set; }

    /// <summary>The freshness this frame states (<c>"freshness"</c>), as of when it was made.</summary>
    public Freshness Freshness { get; }

    /// <summary>For the watchdog's announcements, what they announce: <c>"type":"stale"</c> or <c>"type":"closed"</c>, with the same price; null for a price update.</summary>
    public Freshness? Announced { get; }

    /// <summary>True for the watchdog's "this symbol is stale" message.</summary>
    public bool IsStaleAnnouncement => Announced == Freshness.Stale;

    /// <summary>This frame as the record of what clients were shown keeps it, made at its first recording (two send loops may both make it: the same value).</summary>
    internal ShownPriceTemplate? Shown { get; set; }

    /// <summary>The message without its closing <c>age_ms</c> value and brace.</summary>
    internal byte[] Prefix { get; }

    /// <summary>Largest message this frame makes: the prefix, an age of up to 24 characters, the brace.</summary>
    internal int MaxLength => Prefix.Length + 25;

    /// <summary>Appends the whole message with its age at <paramref name="now"/> to <paramref name="destination"/>.</summary>
    internal void WriteTo(IBufferWriter<byte> destination, DateTimeOffset now)
    {
        var span = destination.GetSpan(MaxLength);
        Prefix.CopyTo(span);
        var written = Prefix.Length + WriteAgeMs(span[Prefix.Length..], ClientQuoteFields.AgeMicros(Price.ReceivedAt, now));
        AgeSuffix.CopyTo(span[written..]);
        destination.Advance(written + AgeSuffix.Length);
    }

    // Milliseconds with three decimals from whole microseconds: written once per price per client, so integer
    // digits rather than a double's formatting (JSON reads "3.250" as 3.25).
    private static int WriteAgeMs(Span<byte> destination, long micros)
    {
        var written = 0;
        if (micros < 0)
        {
            destination[written++] = (byte)'-';
            micros = -micros;
        }

        Utf8Formatter.TryFormat(micros / 1000, destination[written..], out var digits);
        written += digits;
        var fraction = (int)(micros % 1000);
        destination[written++] = (byte)'.';
        destination[written++] = (byte)('0' + (fraction / 100));
        destination[written++] = (byte)('0' + (fraction / 10 % 10));
        destination[written++] = (byte)('0' + (fraction % 10));
        return written;
    }
}
