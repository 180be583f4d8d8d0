using CsCheck;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;

namespace Tickwatch.Feeds.Tests.Codecs;

/// <summary>Property tests: whatever the encoder writes, the codec of the same protocol reads back unchanged.</summary>
public sealed class CodecRoundTripUnitTests
{
    private static readonly string[] Symbols = [.. StandardInstruments.All.Select(i => i.Symbol)];

    /// <summary>A price with 1 to 15 significant digits and 0 to 10 decimals, as quotes are; never zero.</summary>
    private static readonly Gen<decimal> GenPrice =
        Gen.Select(Gen.Long[1, 999_999_999_999_999], Gen.Int[0, 10], Gen.Bool, Gen.Int[1, 15], (mantissa, scale, negative, digits) =>
        {
            var trimmed = mantissa % Pow10(digits);
            trimmed = trimmed == 0 ? 1 : trimmed;
            return new decimal(unchecked((int)(uint)trimmed), unchecked((int)(uint)(trimmed >> 32)), 0, negative && digits % 5 == 0, (byte)scale);
        });

    private static readonly Gen<WirePrice> GenWirePrice =
        Gen.Select(Gen.Int[0, Symbols.Length - 1], GenPrice, GenPrice, Gen.Int[0, 2], (symbol, bid, ask, sides) => sides switch
        {
            0 => new WirePrice(Symbols[symbol], bid, ask),
            1 => new WirePrice(Symbols[symbol], bid, null),
            _ => new WirePrice(Symbols[symbol], null, ask),
        });

    private static readonly Gen<(WirePrice[] Prices, long? Sequence, DateTimeOffset? Time)> GenFrame =
        Gen.Select(
            GenWirePrice.Array[0, 60],
            Gen.Long[0, long.MaxValue].Nullable(),
            // Any time a codec accepts: positive, and at most the default skew ahead of the frame's receipt.
            Gen.Long[1, ReceivedAt.ToUnixTimeMilliseconds() + (long)SourceClock.DefaultMaxClockSkew.TotalMilliseconds]
                .Select(DateTimeOffset.FromUnixTimeMilliseconds).Nullable());

    [Theory]
    [InlineData(FeedProtocol.Json)]
    [InlineData(FeedProtocol.Protobuf)]
    public void Encoded_frames_decode_to_the_same_prices(FeedProtocol protocol)
    {
        var registry = Registry();
        var encoder = FeedCodecs.CreateEncoder(protocol);
        var codec = FeedCodecs.CreateCodec(protocol, registry);

        GenFrame.Sample(frame =>
        {
            var bytes = Encode(encoder, frame.Prices, frame.Sequence, frame.Time);
            var (result, batch) = Decode(codec, bytes, encoder.FrameKind);

            Assert.Equal(FrameOutcome.Decoded, result.Outcome);
            Assert.Equal(0, batch.ErrorCount);
            Assert.Equal(frame.Prices.Length, batch.Count);
            for (var i = 0; i < frame.Prices.Length; i++)
            {
                var update = batch.Updates[i];
                Assert.Equal(frame.Prices[i], new WirePrice(update.Symbol, update.Bid, update.Ask));
                Assert.Equal(frame.Sequence, update.SourceSequence);
                Assert.Equal(frame.Time, update.SourceTime);
            }
        }, iter: 2000, threads: 1); // one codec, used as a listener would: from one thread
    }

    [Fact]
    public void Json_round_trips_any_decimal_exactly_including_zero()
    {
        var codec = new JsonMarketUpdateCodec(Registry());
        var encoder = new JsonMarketUpdateEncoder();

        Gen.Select(Gen.Decimal, Gen.Decimal).Sample((bid, ask) =>
        {
            var (_, batch) = Decode(codec, Encode(encoder, [new WirePrice("EURUSD", bid, ask)]), FrameKind.Text);

            var update = Assert.Single(batch.Updates.ToArray());
            Assert.Equal((bid, ask), (update.Bid, update.Ask));
        }, iter: 2000, threads: 1); // one codec, used as a listener would: from one thread
    }

    private static long Pow10(int digits)
    {
        var result = 1L;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}
