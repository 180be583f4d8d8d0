using System.Buffers.Text;
using System.Text.Json;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// Reads what the latency needs from a price message without a JSON parse (1,000 clients share less than a core, so the
/// harness must read cheaply or it measures itself), and the whole of one when the final check needs its price.
/// </summary>
internal static class PriceFrameScanner
{
    private static ReadOnlySpan<byte> PricePrefix => "{\"type\":\"price\",\"symbol\":\""u8;

    private static ReadOnlySpan<byte> SequenceProperty => ",\"sequence\":"u8;

    private static ReadOnlySpan<byte> ReceivedAtProperty => ",\"received_at\":\""u8;

    private static ReadOnlySpan<byte> AgeProperty => ",\"age_ms\":"u8;

    /// <summary>The symbol, sequence, source receipt time and the gateway's age of a price message; false for any other message.</summary>
    public static bool TryScan(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> symbol, out long sequence, out DateTimeOffset receivedAt, out double ageMs)
    {
        symbol = default;
        sequence = 0;
        receivedAt = default;
        ageMs = 0;
        if (!message.StartsWith(PricePrefix))
        {
            return false;
        }

        var rest = message[PricePrefix.Length..];
        var end = rest.IndexOf((byte)'"');
        symbol = rest[..Math.Max(0, end)];
        var at = message.IndexOf(SequenceProperty);
        var stamp = message.IndexOf(ReceivedAtProperty);
        var age = message.LastIndexOf(AgeProperty);
        return end > 0 && at > 0 && stamp > 0 && age > 0
            && Utf8Parser.TryParse(message[(at + SequenceProperty.Length)..], out sequence, out _)
            && TryParseUtc(message[(stamp + ReceivedAtProperty.Length)..], out receivedAt)
            && Utf8Parser.TryParse(message[(age + AgeProperty.Length)..], out ageMs, out _);
    }

    /// <summary>Sequence, bid and ask of a whole price message, parsed as JSON.</summary>
    public static (long Sequence, decimal Bid, decimal Ask) Price(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
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
