namespace Tickwatch.Feeds.Codecs.Protobuf;

/// <summary>The top-level fields of a <c>MarketUpdate</c> other than its prices, read in one pass that skips <c>data</c>.</summary>
internal readonly record struct MarketUpdateHeader(bool HasType, bool IsMarketUpdate, bool HasData, long? Sequence, DateTimeOffset? SourceTime)
{
    /// <summary>Reads the header; false with a category and a static detail when the message is unusable (a source time that cannot be true, by <paramref name="context"/>'s clock, among them).</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, in DecodeContext context, out MarketUpdateHeader header, out ParseErrorCategory error, out string detail)
    {
        header = default;
        error = default;
        detail = "";
        var hasType = false;
        var isMarketUpdate = false;
        var hasData = false;
        ulong? sequence = null;
        ulong? time = null;
        var reader = new ProtobufReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                (error, detail) = (ParseErrorCategory.MalformedProtobuf, "invalid tag in MarketUpdate");
                return false;
            }

            bool ok;
            if (field == MarketUpdateFields.Type && wireType == WireType.LengthDelimited)
            {
                ok = reader.TryReadLengthDelimited(out var type);
                hasType = true;
                isMarketUpdate = type.SequenceEqual(MarketUpdateFields.MarketUpdateTypeUtf8);
            }
            else if (field == MarketUpdateFields.Data && wireType == WireType.LengthDelimited)
            {
                ok = reader.TryReadLengthDelimited(out _);
                hasData = true;
            }
            else if (field == MarketUpdateFields.Sequence && wireType == WireType.Varint)
            {
                ok = reader.TryReadVarint(out var raw);
                sequence = raw;
            }
            else if (field == MarketUpdateFields.SourceTime && wireType == WireType.Varint)
            {
                ok = reader.TryReadVarint(out var raw);
                time = raw;
            }
            else
            {
                // Unknown fields, and known ones with another wire type, are skipped as protobuf does.
                ok = reader.TrySkip(wireType);
            }

            if (!ok)
            {
                (error, detail) = (ParseErrorCategory.MalformedProtobuf, "truncated MarketUpdate");
                return false;
            }
        }

        long? checkedSequence = null;
        if (sequence is { } rawSequence)
        {
            if (rawSequence > long.MaxValue)
            {
                (error, detail) = (ParseErrorCategory.UnexpectedShape, "seq beyond the signed 64-bit range");
                return false;
            }

            checkedSequence = (long)rawSequence;
        }

        DateTimeOffset? sourceTime = null;
        if (time is { } rawTime)
        {
            // int64 on the wire: the varint carries the two's complement bits. Another message type is ignored whatever its time.
            if (!context.TryAcceptSourceTime(unchecked((long)rawTime), out var accepted, out error, out detail))
            {
                if (hasType && !isMarketUpdate)
                {
                    (error, detail) = (default, "");
                    header = new MarketUpdateHeader(hasType, isMarketUpdate, hasData, checkedSequence, null);
                    return true;
                }

                return false;
            }

            sourceTime = accepted;
        }

        header = new MarketUpdateHeader(hasType, isMarketUpdate, hasData, checkedSequence, sourceTime);
        return true;
    }
}
