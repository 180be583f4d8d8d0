using System.Net.WebSockets;
using System.Text.Json;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>Decodes hub frames independently of the hub: JSON with System.Text.Json, protobuf with the listener's codec.</summary>
internal static class FrameDecoder
{
    // Whatever time the hub wrote is read back: no clock to compare it with here.
    private static readonly DecodeContext AnyTime = new("binary", 1, DateTimeOffset.UnixEpoch, TimeSpan.MaxValue);

    public static DecodedFrame Decode(ReceivedFrame frame) =>
        frame.Type == WebSocketMessageType.Text ? DecodeJson(frame.Payload) : DecodeProtobuf(frame.Payload);

    public static bool IsValidJson(ReceivedFrame frame)
    {
        try
        {
            using var _ = JsonDocument.Parse(frame.Payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static DecodedFrame DecodeJson(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        Assert.Equal("market_update", root.GetProperty("type").GetString());
        long? sequence = root.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null;
        DateTimeOffset? time = root.TryGetProperty("ts", out var ts) ? DateTimeOffset.FromUnixTimeMilliseconds(ts.GetInt64()) : null;
        var prices = new Dictionary<string, (decimal? Bid, decimal? Ask)>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("data").GetProperty("market_prices").EnumerateObject())
        {
            decimal? ask = entry.Value.TryGetProperty("buy", out var buy) ? buy.GetDecimal() : null;
            decimal? bid = entry.Value.TryGetProperty("sell", out var sell) ? sell.GetDecimal() : null;
            prices.Add(entry.Name, (bid, ask));
        }

        return new DecodedFrame(sequence, time, prices);
    }

    public static DecodedFrame DecodeProtobuf(byte[] payload)
    {
        var registry = new SymbolRegistry([], Settings, acceptUnlisted: true, maxSymbols: 200_000);
        using var codec = new ProtobufMarketUpdateCodec(registry);
        var batch = new PriceUpdateBatch();
        var result = codec.Decode(payload, FrameKind.Binary, AnyTime, batch);
        Assert.True(result.Outcome == FrameOutcome.Decoded, $"protobuf frame did not decode: {result.Error} {result.Detail}");
        var prices = new Dictionary<string, (decimal? Bid, decimal? Ask)>(StringComparer.Ordinal);
        long? sequence = null;
        DateTimeOffset? time = null;
        foreach (var update in batch.Updates)
        {
            prices.Add(update.Symbol, (update.Bid, update.Ask));
            sequence = update.SourceSequence;
            time = update.SourceTime;
        }

        return new DecodedFrame(sequence, time, prices);
    }

    /// <summary>Whether the listener's protobuf codec would take the frame.</summary>
    public static bool IsValidProtobuf(ReceivedFrame frame)
    {
        var registry = new SymbolRegistry([], Settings, acceptUnlisted: true, maxSymbols: 200_000);
        using var codec = new ProtobufMarketUpdateCodec(registry);
        var result = codec.Decode(frame.Payload, FrameKind.Binary, AnyTime, new PriceUpdateBatch());
        return result.Outcome == FrameOutcome.Decoded;
    }

    /// <summary>A Binance frame (SBE when binary, JSON when text) through the listener's codec, any symbol accepted; the decoded quotes and trades.</summary>
    public static PriceUpdateBatch DecodeBinance(ReceivedFrame frame)
    {
        var registry = new SymbolRegistry([], Settings, acceptUnlisted: true);
        var binary = frame.Type == WebSocketMessageType.Binary;
        IFeedCodec codec = binary ? new BinanceSbeCodec(registry) : new BinanceJsonCodec(registry);
        var batch = new PriceUpdateBatch(2);
        var result = codec.Decode(frame.Payload, binary ? FrameKind.Binary : FrameKind.Text, AnyTime, batch);
        Assert.True(result.Outcome == FrameOutcome.Decoded, $"{result.Error} {result.Detail}: {frame.Text}");
        return batch;
    }

    private static SymbolSettings Settings(string symbol) => new()
    {
        Symbol = symbol,
        MaxQuoteAge = TimeSpan.FromSeconds(5),
        MaxJump = 0.05m,
        JumpConfirmations = 3,
        MaxFeedDivergence = 0.01m,
    };
}
