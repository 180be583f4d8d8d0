using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Tickwatch.BenchSupport;

namespace Tickwatch.SoakHarness;

/// <summary>
/// One client of the gateway's price stream: subscribes to its symbols and checks that per symbol the sequence it is shown
/// never goes back, over every message and across its reconnects (after churn or after the gateway closed it).
/// </summary>
internal sealed class SoakClient
{
    private readonly string _name;
    private readonly Uri _stream;
    private readonly string _token;
    private readonly string[] _symbols;
    private readonly InvariantLog _log;
    private ClientWebSocket? _socket;
    private long _prices;
    private long _connects;
    private long _unplannedDisconnects;
    private long _retriesAsked;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private volatile bool _subscribed;
    private TimeSpan _pauseBeforeReconnect;

    public SoakClient(int index, Uri stream, string token, string[] symbols, InvariantLog log)
    {
        _name = "client " + index.ToString(CultureInfo.InvariantCulture);
        _stream = stream;
        _token = token;
        _symbols = symbols;
        _log = log;
        Watch = new MonotonicWatch<long>("no-regression-at-client", _name, log);
    }

    public MonotonicWatch<long> Watch { get; }

    public long Prices => Interlocked.Read(ref _prices);

    public long Connects => Interlocked.Read(ref _connects);

    public long UnplannedDisconnects => Interlocked.Read(ref _unplannedDisconnects);

    /// <summary>Times the gateway said a symbol cannot be streamed right now (its store unreachable) and to subscribe again.</summary>
    public long RetriesAsked => Interlocked.Read(ref _retriesAsked);

    /// <summary>Connected and subscribed (its symbols' latest prices are on their way).</summary>
    public bool Subscribed => _subscribed;

    /// <summary>Drops the connection without a close, as a client losing its network; it reconnects after <paramref name="pause"/>.</summary>
    public void Churn(TimeSpan pause)
    {
        _pauseBeforeReconnect = pause;
        _subscribed = false;
        _socket?.Abort();
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var buffer = new byte[256 * 1024];
        while (!stop.IsCancellationRequested)
        {
            var churned = false;
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            _socket = socket;
            try
            {
                using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                connectDeadline.CancelAfter(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(_stream, connectDeadline.Token);
                Interlocked.Increment(ref _connects);
                await SubscribeAsync(socket, _symbols, stop);
                await ReceiveAsync(socket, buffer, stop);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                churned = _pauseBeforeReconnect > TimeSpan.Zero;
            }

            _subscribed = false;
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (!churned)
            {
                Interlocked.Increment(ref _unplannedDisconnects);
            }

            var pause = churned ? _pauseBeforeReconnect : TimeSpan.FromMilliseconds(500);
            _pauseBeforeReconnect = TimeSpan.Zero;
            await Task.Delay(pause, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken stop) =>
        WebSocketMessages.ReceiveAsync(socket, buffer, message => OnMessage(message.Span, socket, stop), stop);

    private async Task SubscribeAsync(ClientWebSocket socket, string[] symbols, CancellationToken stop)
    {
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new { type = "subscribe", symbols });
        await _sending.WaitAsync(stop);
        try
        {
            await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, stop);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>What the gateway asks of a client when it cannot read a symbol's price (a Redis failover): subscribe again shortly.</summary>
    private async Task ResubscribeAsync(ClientWebSocket socket, string symbol, CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stop);
            await SubscribeAsync(socket, [symbol], stop);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection has gone; the reconnect subscribes to everything again.
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message, ClientWebSocket socket, CancellationToken stop)
    {
        using var document = JsonDocument.Parse(message.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "subscribed":
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
            case "error" when root.TryGetProperty("symbol", out var symbol) && root.GetProperty("message").GetString()!.Contains("subscribe again", StringComparison.Ordinal):
                Interlocked.Increment(ref _retriesAsked);
                _ = ResubscribeAsync(socket, symbol.GetString()!, stop);
                break;
            case "error":
                _log.Violated("stream-error", _name, Encoding.UTF8.GetString(message));
                break;
        }
    }

    private void OnPrice(JsonElement price)
    {
        Interlocked.Increment(ref _prices);
        Watch.Observe(price.GetProperty("symbol").GetString()!, price.GetProperty("sequence").GetInt64(), "connection " + Connects.ToString(CultureInfo.InvariantCulture));
    }
}
