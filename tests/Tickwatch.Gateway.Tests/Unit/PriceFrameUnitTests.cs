using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class PriceFrameUnitTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly SymbolSettings EurUsd = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10));

    [Fact]
    public void A_frame_is_serialised_once_and_each_send_appends_the_age_at_that_moment()
    {
        var frame = PriceFrameWriter.Create(MarketPriceWriter.Price("EURUSD", 42, 1.08520m, 1.08530m, Received), EurUsd, Received);

        var early = Send(frame, Received.AddMilliseconds(1.5));
        var later = Send(frame, Received.AddSeconds(2));

        Assert.Equal("price", early["type"]!.GetValue<string>());
        Assert.Equal("EURUSD", early["symbol"]!.GetValue<string>());
        Assert.Equal(42, early["sequence"]!.GetValue<long>());
        Assert.Equal("fresh", early["freshness"]!.GetValue<string>());
        Assert.Equal(10000, early["max_age_ms"]!.GetValue<double>());
        Assert.Equal(1.5, early["age_ms"]!.GetValue<double>());
        Assert.Equal(2000, later["age_ms"]!.GetValue<double>());
        Assert.Equal(Received, early["received_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void Prices_are_written_as_exact_decimal_literals()
    {
        var frame = PriceFrameWriter.Create(MarketPriceWriter.Price("EURUSD", 1, 1.08520m, 0.1m + 0.2m, Received), EurUsd, Received);

        var text = Encoding.UTF8.GetString(Bytes(frame, Received));

        Assert.Contains("\"bid\":1.08520,", text, StringComparison.Ordinal);
        Assert.Contains("\"ask\":0.3,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_announcement_carries_the_same_price_marked_stale()
    {
        var price = MarketPriceWriter.Price("EURUSD", 7, 1.1m, 1.2m, Received);

        var stale = Send(PriceFrameWriter.Create(price, EurUsd, Received.AddSeconds(11), announcement: Freshness.Stale), Received.AddSeconds(11));
        var old = Send(PriceFrameWriter.Create(price, EurUsd, Received.AddSeconds(11)), Received.AddSeconds(11));

        Assert.Equal("stale", stale["type"]!.GetValue<string>());
        Assert.Equal("stale", stale["freshness"]!.GetValue<string>());
        Assert.Equal(7, stale["sequence"]!.GetValue<long>());
        Assert.Equal("price", old["type"]!.GetValue<string>());
        Assert.Equal("stale", old["freshness"]!.GetValue<string>());
    }

    [Fact]
    public void A_closed_announcement_carries_the_same_price_marked_closed()
    {
        var price = MarketPriceWriter.Price("EURUSD", 7, 1.1m, 1.2m, Received);

        var closed = Send(PriceFrameWriter.Create(price, EurUsd, Received.AddSeconds(1), announcement: Freshness.Closed), Received.AddSeconds(1));

        Assert.Equal("closed", closed["type"]!.GetValue<string>());
        Assert.Equal("closed", closed["freshness"]!.GetValue<string>());
        Assert.Equal((7, 1.1m, 1.2m), (closed["sequence"]!.GetValue<long>(), closed["bid"]!.GetValue<decimal>(), closed["ask"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(1, "0.001")]
    [InlineData(1_500, "1.500")]
    [InlineData(86_400_000_123, "86400000.123")]
    [InlineData(-2_050, "-2.050")]
    public void The_age_is_milliseconds_to_the_microsecond_and_negative_when_the_source_clock_is_ahead(long micros, string expected)
    {
        var frame = PriceFrameWriter.Create(MarketPriceWriter.Price("EURUSD", 1, 1.1m, 1.2m, Received), EurUsd, Received);

        var text = Encoding.UTF8.GetString(Bytes(frame, Received.AddTicks(micros * TimeSpan.TicksPerMicrosecond)));

        Assert.EndsWith($",\"age_ms\":{expected}}}", text, StringComparison.Ordinal);
        Assert.Equal(micros / 1000.0, JsonNode.Parse(text)!["age_ms"]!.GetValue<double>());
    }

    private static JsonNode Send(PriceFrame frame, DateTimeOffset now) => JsonNode.Parse(Bytes(frame, now))!;

    private static byte[] Bytes(PriceFrame frame, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        frame.WriteTo(buffer, now);
        return buffer.WrittenSpan.ToArray();
    }
}
