using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Tickwatch.BenchSupport;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// A client of the gateways' stream that knows their addresses, as behind a load balancer: it follows its symbols and its
/// account's portfolio channel on one gateway, and when that one goes it reconnects to the next and resumes with
/// <c>since_seq</c>. Per symbol the price sequence it is shown never goes back, and its order events come one after
/// the other by <c>seq</c>: none missing, none twice.
/// </summary>
internal sealed class ClusterStreamClient
{
    private readonly string _name;
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly string _token;
    private readonly string[] _symbols;
    private readonly InvariantLog _log;
    private readonly Lock _gate = new();
    private long _lastSeq = -1;
    private long _orderEvents;
    private long _connects;
    private long _resumes;
    private long _ordersReset;
    private volatile int _current;
    private volatile bool _subscribed;

    public ClusterStreamClient(int index, IReadOnlyList<Uri> gateways, int firstGateway, string token, string[] symbols, InvariantLog log)
    {
        _name = "client " + index.ToString(CultureInfo.InvariantCulture);
        _gateways = gateways;
        _current = firstGateway;
        _token = token;
        _symbols = symbols;
        _log = log;
        Watch = new MonotonicWatch<long>("no-regression-at-client", _name, log);
    }

    public MonotonicWatch<long> Watch { get; }

    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>The gateway it uses now (an index into the list it was given).</summary>
    public int Gateway => _current;

    public bool Subscribed => _subscribed;

    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Portfolio subscriptions sent with <c>since_seq</c> (after a reconnect).</summary>
    public long Resumes => Interlocked.Read(ref _resumes);

    public long OrderEvents => Interlocked.Read(ref _orderEvents);

    public long OrdersReset => Interlocked.Read(ref _ordersReset);

    /// <summary>The seq of the last order event it holds; -1 before the first.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public async Task RunAsync(CancellationToken stop)
    {
        var buffer = new byte[256 * 1024];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                connectDeadline.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(_gateways[_current], connectDeadline.Token);
                Interlocked.Increment(ref _connects);
                var since = LastSeq;
                if (since >= 0)
                {
                    Interlocked.Increment(ref _resumes);
                    await SendAsync(socket, new { type = "subscribe", channel = "portfolio", since_seq = since }, stop);
                }
                else
                {
                    await SendAsync(socket, new { type = "subscribe", channel = "portfolio" }, stop);
                }

                await SendAsync(socket, new { type = "subscribe", symbols = _symbols }, stop);
                await ReceiveAsync(socket, buffer, stop);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
            {
                // The gateway went (or never answered): the next one in the list.
            }

            _subscribed = false;
            if (stop.IsCancellationRequested)
            {
                return;
            }

            _current = (_current + 1) % _gateways.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(100), stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task SendAsync(ClientWebSocket socket, object message, CancellationToken stop) =>
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, stop);

    private Task ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken stop) =>
        WebSocketMessages.ReceiveAsync(socket, buffer, message => OnMessage(message.Span), stop);

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        using var document = JsonDocument.Parse(message.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "subscribed" when root.TryGetProperty("symbols", out _):
                _subscribed = true;
                break;
            case "prices":
                foreach (var price in root.GetProperty("prices").EnumerateArray())
                {
                    OnPrice(price);
                }

                break;
            case "price" or "stale" or "closed":
                OnPrice(root);
                break;
            case "order":
                OnOrder(root.GetProperty("order"));
                break;
            case "orders_reset":
                // The protocol's way out when more was missed than a replay carries: the client reloads its orders and
                // stands at the told seq. Counted; a scenario that must resume by replay checks the count.
                Interlocked.Increment(ref _ordersReset);
                lock (_gate)
                {
                    Interlocked.Exchange(ref _lastSeq, Math.Max(_lastSeq, root.GetProperty("seq").GetInt64()));
                }

                break;
            case "error" when root.TryGetProperty("message", out var text) && text.GetString()!.Contains("subscribe again", StringComparison.Ordinal):
                // A symbol's price could not be read (a Redis failover); the next reconnect subscribes again, the watch stays.
                break;
            case "error":
                _log.Violated("stream-error", _name, Encoding.UTF8.GetString(message));
                break;
        }
    }

    private void OnPrice(JsonElement price) =>
        Watch.Observe(price.GetProperty("symbol").GetString()!, price.GetProperty("sequence").GetInt64(), "gateway " + _current.ToString(CultureInfo.InvariantCulture));

    private void OnOrder(JsonElement order)
    {
        if (!order.TryGetProperty("seq", out var seqProperty) || seqProperty.ValueKind != JsonValueKind.Number)
        {
            _log.Violated("order-events-contiguous", _name, "an order event without seq: " + order.GetRawText());
            return;
        }

        var seq = seqProperty.GetInt64();
        Interlocked.Increment(ref _orderEvents);
        _log.Checked("order-events-contiguous");
        lock (_gate)
        {
            var last = _lastSeq;
            if (last >= 0 && seq != last + 1)
            {
                _log.Violated("order-events-contiguous", _name, seq <= last
                    ? string.Create(CultureInfo.InvariantCulture, $"order event {seq} again after {last}")
                    : string.Create(CultureInfo.InvariantCulture, $"order events {last + 1}–{seq - 1} missing before {seq}"));
            }

            if (seq > last)
            {
                Interlocked.Exchange(ref _lastSeq, seq);
            }
        }
    }
}
