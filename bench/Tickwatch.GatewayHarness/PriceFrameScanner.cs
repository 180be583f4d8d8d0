using System.Buffers.Text;
using System.Text.Json;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// Reads what the latency needs from a batched price message without a JSON parse (1,000 clients share less than a core,
/// so the harness must read cheaply or it measures itself): the elements of <c>{"type":"prices","prices":[E1,E2,...]}</c>
/// one by one, and of each its symbol, kind, sequence, source receipt time and age; the whole of one element when the
/// final check needs its price.
/// </summary>
internal static class PriceFrameScanner
{
    private static ReadOnlySpan<byte> BatchPrefix => "{\"type\":\"prices\",\"prices\":["u8;

    private static ReadOnlySpan<byte> BatchSuffix => "]}"u8;

    private static ReadOnlySpan<byte> PricePrefix => "{\"type\":\"price\",\"symbol\":\""u8;

    private static ReadOnlySpan<byte> StalePrefix => "{\"type\":\"stale\",\"symbol\":\""u8;

    private static ReadOnlySpan<byte> SequenceProperty => ",\"sequence\":"u8;

    private static ReadOnlySpan<byte> ReceivedAtProperty => ",\"received_at\":\""u8;

    private static ReadOnlySpan<byte> AgeProperty => ",\"age_ms\":"u8;

    /// <summary>The elements of a batched price message (between its brackets); false for any other message.</summary>
    public static bool TryOpenBatch(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> elements)
    {
        if (!message.StartsWith(BatchPrefix) || !message.EndsWith(BatchSuffix) || message.Length < BatchPrefix.Length + BatchSuffix.Length)
        {
            elements = default;
            return false;
        }

        elements = message[BatchPrefix.Length..^BatchSuffix.Length];
        return true;
    }

    /// <summary>
    /// Takes the next element off <paramref name="elements"/>; false when none is left, or when what is left is not an
    /// element (<paramref name="malformed"/> then true). An element is a flat object: it ends at its first closing brace.
    /// </summary>
    public static bool TryNext(ref ReadOnlySpan<byte> elements, out ReadOnlySpan<byte> element, out bool malformed)
    {
        element = default;
        malformed = false;
        if (elements.IsEmpty)
        {
            return false;
        }

        var end = elements.IndexOf((byte)'}');
        if (elements[0] != '{' || end < 0 || (end + 1 < elements.Length && (elements[end + 1] != ',' || end + 2 == elements.Length)))
        {
            malformed = true;
            elements = default;
            return false;
        }

        element = elements[..(end + 1)];
        elements = end + 1 < elements.Length ? elements[(end + 2)..] : default;
        return true;
    }

    /// <summary>
    /// The symbol, sequence and kind (price or stale announcement) of one element and, when <paramref name="timed"/>, its
    /// source receipt time and the gateway's age (left 0 otherwise: the order check needs only the sequence).
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> element, bool timed, out ReadOnlySpan<byte> symbol, out bool isStale, out long sequence, out DateTimeOffset receivedAt, out double ageMs)
    {
        symbol = default;
        sequence = 0;
        receivedAt = default;
        ageMs = 0;
        isStale = element.StartsWith(StalePrefix);
        if (!isStale && !element.StartsWith(PricePrefix))
        {
            return false;
        }

        // Both prefixes have the same length; the fields are searched in the order the gateway writes them.
        var rest = element[PricePrefix.Length..];
        var end = rest.IndexOf((byte)'"');
        if (end <= 0)
        {
            return false;
        }

        symbol = rest[..end];
        rest = rest[end..];
        var at = rest.IndexOf(SequenceProperty);
        if (at < 0 || !Utf8Parser.TryParse(rest[(at + SequenceProperty.Length)..], out sequence, out _))
        {
            return false;
        }

        if (!timed)
        {
            return true;
        }

        rest = rest[(at + SequenceProperty.Length)..];
        var stamp = rest.IndexOf(ReceivedAtProperty);
        if (stamp < 0 || !TryParseUtc(rest[(stamp + ReceivedAtProperty.Length)..], out receivedAt))
        {
            return false;
        }

        var age = rest.LastIndexOf(AgeProperty);
        return age > stamp && Utf8Parser.TryParse(rest[(age + AgeProperty.Length)..], out ageMs, out _);
    }

    /// <summary>Sequence, bid and ask of one whole element, parsed as JSON.</summary>
    public static (long Sequence, decimal Bid, decimal Ask) Price(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element);
        long sequence = 0;
        decimal bid = 0, ask = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("sequence"u8))
            {
                sequence = reader.GetInt64();
            }
            else if (name.SequenceEqual("bid"u8))
            {
                bid = reader.GetDecimal();
            }
            else if (name.SequenceEqual("ask"u8))
            {
                ask = reader.GetDecimal();
            }
        }

        return (sequence, bid, ask);
    }

    // "2026-11-28T15:22:55.7584999+00:00" as System.Text.Json writes a UTC DateTimeOffset (fraction trimmed, maybe absent).
    private static bool TryParseUtc(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 25 || text[4] != '-' || text[10] != 'T' || text[19] is not ((byte)'.' or (byte)'+' or (byte)'Z'))
        {
            return false;
        }

        var ticks = new DateTime(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), Digits(text, 11, 2), Digits(text, 14, 2), Digits(text, 17, 2), DateTimeKind.Utc).Ticks;
        var i = 20;
        if (text[19] == '.')
        {
            long fraction = 0;
            var places = 0;
            for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++, places++)
            {
                fraction = (fraction * 10) + (text[i] - '0');
            }

            for (; places < 7; places++)
            {
                fraction *= 10;
            }

            ticks += fraction;
            i++;
        }

        // The pacer stamps UTC, so the offset is "+00:00" (or "Z"); anything else is not ours.
        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return text[i - 1] is (byte)'Z' || text.Slice(i - 1).StartsWith("+00:00"u8);
    }

    private static int Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }
}
