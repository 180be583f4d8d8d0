using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The live stream's price element and the REST quote are one client view: the same names, the same values.</summary>
public sealed class ClientQuoteViewUnitTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly SymbolSettings EurUsd = SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10));

    // What only one of them can have: the stream says what kind of message it is; the REST quote adds what a client
    // asking once wants spelled out (spread, is_fresh) and when the price was stored, which an announcement does not carry.
    private static readonly string[] OnlyInTheStream = ["type"];
    private static readonly string[] OnlyInRest = [ClientQuoteFields.Spread, ClientQuoteFields.IsFresh, ClientQuoteFields.StoredAt];

    [Theory]
    [InlineData(1_500_000L)]
    [InlineData(12_345_678L)]
    [InlineData(30_000_000L)]
    public void A_stream_element_and_a_rest_quote_of_the_same_price_have_the_same_fields_and_values(long ageTicks)
    {
        var price = MarketPriceWriter.Price("EURUSD", 42, 1.08520m, 1.08530m, Received) with { Timestamp = Received.AddMilliseconds(2) };
        var now = Received.AddTicks(ageTicks);

        var stream = Element(PriceFrameWriter.Create(price, EurUsd, now), now);
        var rest = JsonNode.Parse(JsonSerializer.Serialize(QuoteBoard.View(EurUsd, price, now)))!.AsObject();

        Assert.Equal(
            rest.Select(p => p.Key).Except(OnlyInRest).Order(StringComparer.Ordinal),
            stream.Select(p => p.Key).Except(OnlyInTheStream).Order(StringComparer.Ordinal));
        foreach (var (name, value) in stream.Where(p => !OnlyInTheStream.Contains(p.Key)))
        {
            Assert.True(SameValue(value!, rest[name]!), $"{name}: stream {value!.ToJsonString()}, REST {rest[name]!.ToJsonString()}");
        }
    }

    [Fact]
    public void A_field_the_price_lacks_is_null_in_the_rest_quote_and_left_out_of_the_stream()
    {
        var price = MarketPriceWriter.Price("EURUSD", 42, 1.08520m, 1.08530m, Received) with { SourceSequence = null, SourceTime = null };

        var stream = Element(PriceFrameWriter.Create(price, EurUsd, Received), Received);
        var rest = JsonNode.Parse(JsonSerializer.Serialize(QuoteBoard.View(EurUsd, price, Received)))!.AsObject();

        Assert.False(stream.ContainsKey(ClientQuoteFields.SourceSequence));
        Assert.False(stream.ContainsKey(ClientQuoteFields.SourceTime));
        Assert.Null(rest[ClientQuoteFields.SourceSequence]);
        Assert.Null(rest[ClientQuoteFields.SourceTime]);
        Assert.True(rest.ContainsKey(ClientQuoteFields.SourceSequence));
    }

    private static JsonObject Element(PriceFrame frame, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        frame.WriteTo(buffer, now);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    // Numbers compare as decimals ("3.250" is 3.25); everything else as JSON text.
    private static bool SameValue(JsonNode stream, JsonNode rest) =>
        stream.GetValueKind() == JsonValueKind.Number && rest.GetValueKind() == JsonValueKind.Number
            ? stream.GetValue<decimal>() == rest.GetValue<decimal>()
            : stream.ToJsonString() == rest.ToJsonString();
}
