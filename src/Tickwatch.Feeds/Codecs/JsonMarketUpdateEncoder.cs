using System.Buffers;
using System.Text.Json;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Writes JSON <c>market_update</c> text frames, decimals exactly as given. Thread-safe.</summary>
public sealed class JsonMarketUpdateEncoder : IFeedFrameEncoder
{
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText MarketUpdate = JsonEncodedText.Encode("market_update");
    private static readonly JsonEncodedText SeqName = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText TsName = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText MarketPricesName = JsonEncodedText.Encode("market_prices");
    private static readonly JsonEncodedText BuyName = JsonEncodedText.Encode("buy");
    private static readonly JsonEncodedText SellName = JsonEncodedText.Encode("sell");

    // The shape is fixed by Encode itself, so the writer's structural checks would only cost time.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public FeedProtocol Protocol => FeedProtocol.Json;

    public FrameKind FrameKind => FrameKind.Text;

    public void Encode(ReadOnlySpan<WirePrice> prices, long? sequence, DateTimeOffset? sourceTime, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString(TypeName, MarketUpdate);
        if (sequence is { } seq)
        {
            writer.WriteNumber(SeqName, seq);
        }

        if (sourceTime is { } time)
        {
            writer.WriteNumber(TsName, time.ToUnixTimeMilliseconds());
        }

        writer.WriteStartObject(DataName);
        writer.WriteStartObject(MarketPricesName);
        foreach (ref readonly var price in prices)
        {
            writer.WriteStartObject(price.Symbol);
            if (price.Ask is { } ask)
            {
                writer.WriteNumber(BuyName, ask);
            }

            if (price.Bid is { } bid)
            {
                writer.WriteNumber(SellName, bid);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }
}
