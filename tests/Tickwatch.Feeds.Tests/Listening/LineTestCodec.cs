using System.Buffers.Text;
using System.Text;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>
/// A tiny codec for listener tests: text frames of <c>SYM:bid:ask</c> lines (an empty side is absent),
/// so the listener's mechanics are tested apart from the real protocols.
/// </summary>
/// <remarks>
/// <c>IGNORE</c> and binary frames are ignored; <c>THROW</c> makes the codec throw; a line that is
/// not three fields fails the frame (unexpected_shape), a bad number fails it (invalid_number),
/// a symbol that is not upper-case letters is an entry error (unknown_symbol).
/// </remarks>
internal sealed class LineTestCodec : IFeedCodec
{
    private static readonly string[] KnownSymbols = ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD"];
    private static readonly byte[][] KnownSymbolBytes = [.. KnownSymbols.Select(Encoding.ASCII.GetBytes)];

    public FeedProtocol Protocol => FeedProtocol.Json;

    /// <summary>Frame kinds seen, in order.</summary>
    public List<FrameKind> Kinds { get; } = [];

    public FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output)
    {
        lock (Kinds)
        {
            Kinds.Add(kind);
        }

        if (kind == FrameKind.Binary || frame.SequenceEqual("IGNORE"u8))
        {
            return FrameDecodeResult.Ignored;
        }

        if (frame.IsEmpty)
        {
            return FrameDecodeResult.Fail(ParseErrorCategory.EmptyFrame, "empty frame");
        }

        if (frame.SequenceEqual("THROW"u8))
        {
            throw new InvalidOperationException("test codec exploded");
        }

        foreach (var range in frame.Split((byte)'\n'))
        {
            var line = frame[range];
            var first = line.IndexOf((byte)':');
            var second = first < 0 ? -1 : line[(first + 1)..].IndexOf((byte)':');
            if (first < 0 || second < 0 || line[(first + second + 2)..].Contains((byte)':'))
            {
                output.DiscardUpdates();
                return FrameDecodeResult.Fail(ParseErrorCategory.UnexpectedShape, "expected SYM:bid:ask");
            }

            var bidText = line.Slice(first + 1, second);
            var askText = line[(first + second + 2)..];
            if (!TryPrice(bidText, out var bid) || !TryPrice(askText, out var ask))
            {
                output.DiscardUpdates();
                return FrameDecodeResult.Fail(ParseErrorCategory.InvalidNumber, "price is not a number");
            }

            var symbol = Symbol(line[..first]);
            if (symbol is null)
            {
                output.AddError(ParseErrorCategory.UnknownSymbol, "symbol is not upper-case letters");
                continue;
            }

            output.Add(new PriceUpdate
            {
                Symbol = symbol,
                Bid = bid,
                Ask = ask,
                Feed = context.Feed,
                FeedSession = context.FeedSession,
                ReceivedAt = context.ReceivedAt,
            });
        }

        return FrameDecodeResult.Decoded;
    }

    private static bool TryPrice(ReadOnlySpan<byte> text, out decimal? price)
    {
        price = null;
        if (text.IsEmpty)
        {
            return true;
        }

        if (Utf8Parser.TryParse(text, out decimal value, out var consumed) && consumed == text.Length)
        {
            price = value;
            return true;
        }

        return false;
    }

    private static string? Symbol(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is < (byte)'A' or > (byte)'Z')
            {
                return null;
            }
        }

        // Known symbols without allocating, so the listener's own allocations can be measured.
        for (var i = 0; i < KnownSymbols.Length; i++)
        {
            if (text.SequenceEqual(KnownSymbolBytes[i]))
            {
                return KnownSymbols[i];
            }
        }

        return Encoding.ASCII.GetString(text);
    }
}
