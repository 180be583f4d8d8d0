using System.Buffers.Text;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One price of one symbol, serialised once for every client: the JSON message up to its age, which each client's
/// send loop appends at the moment of sending (so every client sees how old the price is when it gets it).
/// </summary>
public sealed class PriceFrame
{
    private static readonly byte[] AgeSuffix = "}"u8.ToArray();

    internal PriceFrame(StoredPrice price, bool isStaleAnnouncement, byte[] prefix)
    {
        Price = price;
        IsStaleAnnouncement = isStaleAnnouncement;
        Prefix = prefix;
    }

    public StoredPrice Price { get; }

    public long Sequence => Price.BookSequence;

    /// <summary>True for the watchdog's "this symbol is stale" message (same price, <c>"type":"stale"</c>).</summary>
    public bool IsStaleAnnouncement { get; }

    /// <summary>The message without its closing <c>age_ms</c> value and brace.</summary>
    internal byte[] Prefix { get; }

    /// <summary>Largest message this frame makes: the prefix, an age of up to 20 characters, the brace.</summary>
    internal int MaxLength => Prefix.Length + 24;

    /// <summary>Writes the whole message with its age at <paramref name="now"/> into <paramref name="destination"/>; returns its length.</summary>
    internal int WriteTo(Span<byte> destination, DateTimeOffset now)
    {
        Prefix.CopyTo(destination);
        var written = Prefix.Length;
        var ageMs = Math.Round((now - Price.ReceivedAt).TotalMilliseconds, 3);
        if (!Utf8Formatter.TryFormat(ageMs, destination[written..], out var digits))
        {
            throw new InvalidOperationException("The stream buffer is too small for a price message.");
        }

        written += digits;
        AgeSuffix.CopyTo(destination[written..]);
        return written + AgeSuffix.Length;
    }
}
