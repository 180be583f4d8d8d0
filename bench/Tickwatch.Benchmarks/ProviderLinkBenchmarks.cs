using System.Buffers;
using BenchmarkDotNet.Attributes;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Benchmarks;

/// <summary>
/// The provider link's wire per order: the engine frames a new order and reads back its report, the gateway reads
/// the order and frames the report. The link must carry at least 5,000 orders/s with their reports (issue 15),
/// so one order's round of the four must stay far below 200 µs on one core.
/// </summary>
public class ProviderLinkBenchmarks
{
    private const int Orders = 100;

    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly ProviderFrameReader _reader = new(new ProviderFrameCounters());
    private NewOrderRequest[] _orders = null!;
    private ExecutionReport[] _reports = null!;
    private byte[] _orderFrames = null!;
    private byte[] _reportFrames = null!;

    [GlobalSetup]
    public void Setup()
    {
        var account = AccountId.Parse("live:1042");
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_000);
        _orders = [.. Enumerable.Range(0, Orders).Select(i => new NewOrderRequest
        {
            ClientOrderId = $"m1-{i:D8}",
            OrderId = $"ord-{i:D10}",
            Account = account,
            Symbol = "EURUSD",
            Type = i % 4 == 0 ? OrderType.BuyLimit : OrderType.Buy,
            Volume = 0.10m,
            Price = i % 4 == 0 ? 1.08123m : null,
        })];
        _reports = [.. _orders.Select((o, i) => new ExecutionReport
        {
            ClientOrderId = o.ClientOrderId,
            OrderId = o.OrderId,
            Account = account,
            Symbol = o.Symbol,
            ReportId = $"gw-18f3a-{i}",
            Status = ProviderOrderStatus.Executed,
            Side = TradeSide.Buy,
            CumulativeQuantity = 0.10m,
            AveragePrice = 1.08127m,
            TransactTime = time,
        })];
        _orderFrames = Frames(_orders);
        _reportFrames = Frames(_reports);
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int EncodeOrder()
    {
        _output.ResetWrittenCount();
        foreach (var order in _orders)
        {
            ProviderFraming.Write(order, _output);
        }

        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int DecodeOrder() => ReadAll(_orderFrames);

    [Benchmark(OperationsPerInvoke = Orders)]
    public int DecodeReport() => ReadAll(_reportFrames);

    /// <summary>Everything both ends do for one order and its report.</summary>
    [Benchmark(OperationsPerInvoke = Orders)]
    public int OrderAndReportRoundTrip()
    {
        _output.ResetWrittenCount();
        var read = 0;
        for (var i = 0; i < Orders; i++)
        {
            ProviderFraming.Write(_orders[i], _output);
            ProviderFraming.Write(_reports[i], _output);
        }

        var buffer = new ReadOnlySequence<byte>(_output.WrittenMemory);
        while (_reader.TryRead(ref buffer).Status == ProviderFrameStatus.Message)
        {
            read++;
        }

        return read;
    }

    private int ReadAll(byte[] frames)
    {
        var buffer = new ReadOnlySequence<byte>(frames);
        var read = 0;
        while (_reader.TryRead(ref buffer).Status == ProviderFrameStatus.Message)
        {
            read++;
        }

        return read;
    }

    private static byte[] Frames(IEnumerable<ProviderMessage> messages)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            ProviderFraming.Write(message, output);
        }

        return output.WrittenSpan.ToArray();
    }
}
