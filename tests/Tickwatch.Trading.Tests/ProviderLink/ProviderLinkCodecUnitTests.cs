using System.Buffers;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Trading.Tests.ProviderLink;

/// <summary>The provider link's wire: golden bytes, round trips, partial frames, and every category of refused frame.</summary>
public sealed class ProviderLinkCodecUnitTests
{
    private static readonly AccountId Live42 = AccountId.Parse("live:42");

    // Hand-assembled MessagePack (fixmap, fixstr, uint64), so that the codec is checked against the format, not against itself.
    private const string CancelGolden = "0000004185a174a663616e63656ca9636c5f6f72645f6964a26331a86f726465725f6964a26f31a76163636f756e74a76c6976653a3432a673796d626f6ca6455552555344";
    private const string NewOrderGolden = "0000007289a174a96e65775f6f72646572a9636c5f6f72645f6964a26332a86f726465725f6964a26f32a76163636f756e74a664656d6f3a37a673796d626f6ca6584155555344a473696465a3425559a86f72645f74797065a54c494d4954a3717479a4302e3130a57072696365a7323334352e3530";
    private const string ReportGolden = "000000988ba174ab657865635f7265706f7274a9636c5f6f72645f6964a26333a86f726465725f6964a26f33a76163636f756e74a76c6976653a3432a673796d626f6ca6455552555344a97265706f72745f6964a467312d31aa6f72645f737461747573a84558454355544544a473696465a453454c4ca663756d717479a3312e35a56176677078a7312e3038343132a27473cf0000018f34069e7b";

    private static readonly CancelRequest Cancel = new() { ClientOrderId = "c1", OrderId = "o1", Account = Live42, Symbol = "EURUSD" };

    private static readonly NewOrderRequest BuyLimit = new()
    {
        ClientOrderId = "c2",
        OrderId = "o2",
        Account = AccountId.Parse("demo:7"),
        Symbol = "XAUUSD",
        Type = OrderType.BuyLimit,
        Volume = 0.10m,
        Price = 2345.50m,
    };

    private static readonly ExecutionReport Executed = new()
    {
        ClientOrderId = "c3",
        OrderId = "o3",
        Account = Live42,
        Symbol = "EURUSD",
        ReportId = "g1-1",
        Status = ProviderOrderStatus.Executed,
        Side = TradeSide.Sell,
        CumulativeQuantity = 1.5m,
        AveragePrice = 1.08412m,
        TransactTime = DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_123),
    };

    public static TheoryData<string, string> Goldens() => new()
    {
        { "cancel", CancelGolden },
        { "new_order", NewOrderGolden },
        { "exec_report", ReportGolden },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Messages_encode_to_their_golden_bytes_and_back(string name, string golden)
    {
        ProviderMessage message = name switch { "cancel" => Cancel, "new_order" => BuyLimit, _ => Executed };

        Assert.Equal(golden, Convert.ToHexStringLower(ProviderFraming.ToArray(message)));
        var decoded = ReadOne(Convert.FromHexString(golden));
        Assert.Equal(message, decoded);
    }

    public static TheoryData<ProviderMessage> Messages() =>
    [
        Cancel,
        BuyLimit,
        Executed,
        new NewOrderRequest { ClientOrderId = "k", OrderId = "o", Account = Live42, Symbol = "BTCUSD", Type = OrderType.Sell, Volume = 2m },
        new NewOrderRequest { ClientOrderId = "k", OrderId = "o", Account = Live42, Symbol = "EURUSD", Type = OrderType.SellStop, Volume = 0.01m, Price = 1.07990m },
        new NewOrderRequest { ClientOrderId = "k", OrderId = "o", Account = Live42, Symbol = "EURUSD", Type = OrderType.BuyStop, Volume = 1m, Price = 1.1m },
        new NewOrderRequest { ClientOrderId = "k", OrderId = "o", Account = Live42, Symbol = "EURUSD", Type = OrderType.SellLimit, Volume = 1m, Price = 1.1m },
        new CloseRequest { ClientOrderId = "close-1", OrderId = "o", Account = Live42, Symbol = "US30", Side = TradeSide.Buy, Volume = 0.5m },
        new ModifyRequest { ClientOrderId = "m", OrderId = "o", Account = Live42, Symbol = "EURUSD", Price = 1.2m },
        new ModifyRequest { ClientOrderId = "m", OrderId = "o", Account = Live42, Symbol = "EURUSD", Volume = 3m },
        new ExecutionReport
        {
            ClientOrderId = "c",
            OrderId = "o",
            Account = Live42,
            Symbol = "EURUSD",
            ReportId = "r-2",
            Status = ProviderOrderStatus.Rejected,
            Side = TradeSide.Buy,
            CumulativeQuantity = 0m,
            Reason = "NO_PRICE: nothing known of EURUSD — ünïcode",
            TransactTime = DateTimeOffset.FromUnixTimeMilliseconds(1),
        },
        Executed with { Status = ProviderOrderStatus.Pending, AveragePrice = null, Price = 1.05m },
        Executed with { Status = ProviderOrderStatus.Modify, AveragePrice = null, Price = 1.06m },
        Executed with { Status = ProviderOrderStatus.Cancelled, AveragePrice = null },
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips(ProviderMessage message)
    {
        Assert.Equal(message, ReadOne(ProviderFraming.ToArray(message)));
    }

    [Fact]
    public void Decimals_keep_their_exact_value_and_scale()
    {
        var report = Executed with { AveragePrice = 0.000012345678901234567890123m, CumulativeQuantity = 79228162514264337593543950335m };
        var decoded = (ExecutionReport)ReadOne(ProviderFraming.ToArray(report));
        Assert.Equal("0.000012345678901234567890123", decoded.AveragePrice!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(79228162514264337593543950335m, decoded.CumulativeQuantity);
        Assert.Equal("0.10", ((NewOrderRequest)ReadOne(ProviderFraming.ToArray(BuyLimit))).Volume.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_partial_frame_waits_for_the_rest_byte_by_byte()
    {
        var bytes = ProviderFraming.ToArray(BuyLimit);
        var reader = new ProviderFrameReader(new ProviderFrameCounters());
        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(ProviderFrameStatus.NeedMoreData, reader.TryRead(ref partial).Status);
            Assert.Equal(length, partial.Length);
        }

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(BuyLimit, reader.TryRead(ref whole).Message);
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void Frames_split_across_segments_and_packed_together_all_decode()
    {
        var bytes = ProviderFraming.ToArray(Cancel).Concat(ProviderFraming.ToArray(BuyLimit)).Concat(ProviderFraming.ToArray(Executed)).ToArray();
        var buffer = Segmented(bytes, 3);
        var reader = new ProviderFrameReader(new ProviderFrameCounters());

        Assert.Equal(Cancel, reader.TryRead(ref buffer).Message);
        Assert.Equal(BuyLimit, reader.TryRead(ref buffer).Message);
        Assert.Equal(Executed, reader.TryRead(ref buffer).Message);
        Assert.Equal(ProviderFrameStatus.NeedMoreData, reader.TryRead(ref buffer).Status);
        Assert.Equal(3, reader.Counters.Decoded);
    }

    public static TheoryData<string, byte[], ProviderFrameError> Malformed() => new()
    {
        { "empty frame", [], ProviderFrameError.Empty },
        { "reserved code 0xc1", [0xc1], ProviderFrameError.InvalidMessagePack },
        { "string cut short", [0x81, 0xa5, 0x61], ProviderFrameError.InvalidMessagePack },
        { "map that announces more entries than follow", [0x82, 0xa1, 0x74, 0xa1, 0x78], ProviderFrameError.InvalidMessagePack },
        { "array, not a map", [0x91, 0x01], ProviderFrameError.NotAMap },
        { "integer, not a map", [0x05], ProviderFrameError.NotAMap },
        { "unknown type", Payload(("t", "launch_missiles"), ("cl_ord_id", "c"), ("order_id", "o"), ("account", "live:1"), ("symbol", "EURUSD")), ProviderFrameError.UnknownMessageType },
        { "no type", Payload(("cl_ord_id", "c"), ("order_id", "o"), ("account", "live:1"), ("symbol", "EURUSD")), ProviderFrameError.MissingField },
        { "cancel without order id", Payload(("t", "cancel"), ("cl_ord_id", "c"), ("account", "live:1"), ("symbol", "EURUSD")), ProviderFrameError.MissingField },
        { "limit without price", NewOrder(("ord_type", "LIMIT")), ProviderFrameError.MissingField },
        { "exponent in a decimal", NewOrder(("qty", "1e5")), ProviderFrameError.InvalidField },
        { "negative volume", NewOrder(("qty", "-1")), ProviderFrameError.InvalidField },
        { "zero volume", NewOrder(("qty", "0")), ProviderFrameError.InvalidField },
        { "unknown side", NewOrder(("side", "UP")), ProviderFrameError.InvalidField },
        { "unknown ord_type", NewOrder(("ord_type", "ICEBERG")), ProviderFrameError.InvalidField },
        { "bad account", NewOrder(("account", "nobody")), ProviderFrameError.InvalidField },
        { "symbol too long", NewOrder(("symbol", new string('X', 40))), ProviderFrameError.InvalidField },
        { "integer key", [0x81, 0x01, 0x02], ProviderFrameError.InvalidField },
        { "price as a double", [0x82, 0xa1, 0x74, 0xa6, .. "cancel"u8.ToArray(), 0xa5, .. "price"u8.ToArray(), 0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0], ProviderFrameError.InvalidField },
        { "invalid UTF-8 in an id", [0x81, 0xa9, .. "cl_ord_id"u8.ToArray(), 0xa2, 0xff, 0xfe], ProviderFrameError.InvalidField },
        { "unknown field nested too deep", [0x81, 0xa1, 0x78, .. Enumerable.Repeat((byte)0x91, 20), 0x01], ProviderFrameError.InvalidMessagePack },
        { "bytes after the map", [.. Payload(("t", "cancel")), 0x00], ProviderFrameError.TrailingBytes },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_frame_is_consumed_counted_by_category_and_the_next_frame_still_decodes(string why, byte[] payload, ProviderFrameError expected)
    {
        var bytes = ProviderFraming.Header((uint)payload.Length).Concat(payload).Concat(ProviderFraming.ToArray(Cancel)).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var reader = new ProviderFrameReader(new ProviderFrameCounters());

        var refused = reader.TryRead(ref buffer);

        Assert.True(refused.Status == ProviderFrameStatus.Malformed, $"{why}: {refused.Status}");
        Assert.Equal(expected, refused.Error);
        Assert.False(string.IsNullOrEmpty(refused.Detail));
        Assert.Equal(1, reader.Counters.Of(expected));
        Assert.Equal(Cancel, reader.TryRead(ref buffer).Message);
    }

    [Fact]
    public void An_unknown_scalar_field_is_skipped_for_forward_compatibility()
    {
        byte[] payload = [.. Payload(("t", "cancel"), ("cl_ord_id", "c1"), ("order_id", "o1"), ("account", "live:42"), ("symbol", "EURUSD"), ("venue", "LP2"))];
        payload[0] = 0x86;
        Assert.Equal(Cancel, ReadOne([.. ProviderFraming.Header((uint)payload.Length), .. payload]));
    }

    [Fact]
    public void An_oversized_length_is_refused_without_consuming_anything()
    {
        var counters = new ProviderFrameCounters();
        var reader = new ProviderFrameReader(counters, maxFrameBytes: 1024);
        var buffer = new ReadOnlySequence<byte>([.. ProviderFraming.Header(1025), 0x80]);

        var result = reader.TryRead(ref buffer);

        Assert.Equal(ProviderFrameStatus.Oversized, result.Status);
        Assert.Equal(5, buffer.Length);
        Assert.Equal(1, counters.Of(ProviderFrameError.Oversized));
        Assert.Equal(1, counters.RefusedByCategory()["oversized"]);

        var huge = new ReadOnlySequence<byte>(ProviderFraming.Header(uint.MaxValue));
        Assert.Equal(ProviderFrameStatus.Oversized, reader.TryRead(ref huge).Status);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20240601);
        var reader = new ProviderFrameReader(new ProviderFrameCounters());
        var valid = ProviderFraming.ToArray(Executed);
        for (var i = 0; i < 20_000; i++)
        {
            // Mutations of a real frame reach deeper into the decoder than noise alone.
            var bytes = (byte[])valid.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(4, bytes.Length)] = (byte)random.Next(256);
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            var result = reader.TryRead(ref buffer);
            Assert.NotEqual(ProviderFrameStatus.Oversized, result.Status);
        }

        Assert.Equal(20_000, reader.Counters.Decoded + reader.Counters.Refused);
    }

    [Fact]
    public void Encoding_refuses_an_id_the_other_end_would_refuse()
    {
        Assert.Throws<ArgumentException>(() => ProviderFraming.ToArray(Cancel with { ClientOrderId = new string('c', ProviderMessageCodec.MaxIdBytes + 1) }));
        Assert.Throws<ArgumentException>(() => ProviderFraming.ToArray(Cancel with { OrderId = "" }));
    }

    private static ProviderMessage ReadOne(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        var result = new ProviderFrameReader(new ProviderFrameCounters()).TryRead(ref buffer);
        Assert.True(result.Status == ProviderFrameStatus.Message, $"{result.Status} {result.Error}: {result.Detail}");
        Assert.True(buffer.IsEmpty);
        return result.Message!;
    }

    private static byte[] NewOrder(params (string Key, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["t"] = "new_order",
            ["cl_ord_id"] = "c",
            ["order_id"] = "o",
            ["account"] = "live:1",
            ["symbol"] = "EURUSD",
            ["side"] = "BUY",
            ["ord_type"] = "MARKET",
            ["qty"] = "1",
        };
        foreach (var (key, value) in changes)
        {
            fields[key] = value;
        }

        return Payload([.. fields.Select(f => (f.Key, f.Value))]);
    }

    /// <summary>A map of short strings, assembled by hand (fixmap of str8 values).</summary>
    private static byte[] Payload(params (string Key, string Value)[] fields)
    {
        var bytes = new List<byte> { (byte)(0x80 | fields.Length) };
        foreach (var (key, value) in fields)
        {
            Str(bytes, key);
            Str(bytes, value);
        }

        return [.. bytes];
    }

    private static void Str(List<byte> bytes, string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        bytes.Add(0xd9);
        bytes.Add((byte)utf8.Length);
        bytes.AddRange(utf8);
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var next = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), last);
            first ??= next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
