using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Forensics;

/// <summary>
/// The memory budget of the record of what was shown, held on a running gateway: 300 clients (one user each) reading 20
/// symbols on real WebSockets until every ring is full at the default 64 prices; the log's own accounting is the stated
/// budget to the byte, and the managed heap grows by at least 90 % of what that accounting says while the rings fill and
/// by no more than the stated budget and a quarter (the connections' own buffers grow beside them).
/// </summary>
/// <remarks>Alone, not beside other tests: the managed heap is measured before and after.</remarks>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ShownPriceBudgetTests
{
    private const int Clients = 300;
    private const int Symbols = 20;
    private const int PerSymbol = 64;

    /// <summary>README.md's figure for one user and symbol at the default cap: a ring's 168 bytes, an array's 24, 64 entries of 24.</summary>
    private const long BytesPerUserSymbol = 168 + 24 + (PerSymbol * 24);

    /// <summary>README.md's figure for a user besides its rings.</summary>
    private const long BytesPerUser = 448;

    [Fact]
    public async Task Three_hundred_clients_with_twenty_full_symbols_each_stay_within_the_stated_budget_by_the_logs_accounting_and_the_heap()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        var symbols = SharedPrices.FirstSymbols(Symbols);
        using var stop = new CancellationTokenSource();
        var clients = await Task.WhenAll(Enumerable.Range(1, Clients).Select(user => Client.ConnectAsync(gateway, user, symbols, stop.Token)));
        try
        {
            var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
            await Eventually.UntilAsync(
                () => StreamDiagnosticsEndpoints.Report(hub, TimeProvider.System).Symbols is var streamed
                    && symbols.All(s => streamed.TryGetValue(s, out var view) && view.Subscribers == Clients),
                "every client is subscribed to every symbol",
                TimeSpan.FromSeconds(20));

            // A first round read by every client: the connections' buffers are in place before the heap is measured.
            var sequence = 0L;
            await Eventually.UntilAsync(
                async () =>
                {
                    await WriteRoundAsync(prices, symbols, ++sequence);
                    return clients.All(c => c.PriceMessages > 0);
                },
                "every client read a price message");
            var before = await gateway.GetJsonAsync("/api/debug/forensics/shown");
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

            // A round of new prices per poll until every ring has taken its full 64.
            var full = await Eventually.ValueAsync(
                async () =>
                {
                    await WriteRoundAsync(prices, symbols, ++sequence);
                    return await gateway.GetJsonAsync("/api/debug/forensics/shown");
                },
                r => r["entries_held"]!.GetValue<long>() == (long)Clients * Symbols * PerSymbol,
                "every client's ring of every symbol is full",
                TimeSpan.FromSeconds(20));
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

            var stated = Clients * (BytesPerUser + (Symbols * BytesPerUserSymbol));
            Assert.Equal((PerSymbol, ShownPriceLog.BytesPerEntry), (full["per_symbol"]!.GetValue<int>(), full["bytes_per_entry"]!.GetValue<int>()));
            Assert.Equal((Clients, Clients * Symbols), (full["users"]!.GetValue<int>(), full["user_symbols"]!.GetValue<int>()));
            Assert.Equal(stated, full["bytes_held"]!.GetValue<long>());
            Assert.Equal(0, full["entries_evicted"]!["byte_cap"]!.GetValue<long>() + full["entries_evicted"]!["user_cap"]!.GetValue<long>());
            Assert.All(clients, c => Assert.Equal((WebSocketState.Open, (string?)null), (c.State, c.Failure)));

            // What the rings took on while filling is on the heap, and not much more beside it: the connections' buffers
            // and, on a loaded machine, the pooled arrays of the threads the thread pool adds meanwhile (up to a quarter
            // of the budget seen under CI load).
            var accounted = full["bytes_held"]!.GetValue<long>() - before["bytes_held"]!.GetValue<long>();
            var grown = heapAfter - heapBefore;
            Assert.True(
                grown >= accounted - (accounted / 10) && grown <= stated + (stated / 4),
                $"the heap grew by {grown:N0} bytes while the rings took on {accounted:N0} by the log's accounting ({(double)grown / accounted:P1}); stated budget {stated:N0}");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static Task WriteRoundAsync(SharedPrices prices, string[] symbols, long sequence)
    {
        var now = TimeProvider.System.GetUtcNow();
        return prices.Writer.WriteAsync([.. symbols.Select((s, i) => MarketPriceWriter.Price(s, sequence, 1.08500m + i + (sequence * 0.00001m), 1.08510m + i + (sequence * 0.00001m), now))]);
    }

    /// <summary>A client that subscribes and then reads everything, counting its price messages and parsing none.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly Task _reading;
        private int _priceMessages;
        private string? _failure;

        private Client(ClientWebSocket socket, CancellationToken stop)
        {
            _socket = socket;
            _reading = ReadAsync(stop);
        }

        public int PriceMessages => Volatile.Read(ref _priceMessages);

        public WebSocketState State => _socket.State;

        /// <summary>Why its reading stopped before the test ended, if it did.</summary>
        public string? Failure => Volatile.Read(ref _failure);

        public static async Task<Client> ConnectAsync(RunningGateway gateway, int user, string[] symbols, CancellationToken stop)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://{gateway.BaseAddress.Authority}/api/stream?access_token={gateway.Token(user: user.ToString(System.Globalization.CultureInfo.InvariantCulture))}"), stop);
            var subscribe = $$"""{"type":"subscribe","symbols":[{{string.Join(',', symbols.Select(s => $"\"{s}\""))}}]}""";
            await socket.SendAsync(Encoding.UTF8.GetBytes(subscribe), WebSocketMessageType.Text, endOfMessage: true, stop);
            return new Client(socket, stop);
        }

        public async ValueTask DisposeAsync()
        {
            // The reading ends with the test's cancellation and never throws: a teardown hides no failure.
            await _reading;
            _socket.Dispose();
        }

        private async Task ReadAsync(CancellationToken stop)
        {
            var buffer = new byte[64 * 1024];
            var start = true;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var result = await _socket.ReceiveAsync(buffer, stop);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Volatile.Write(ref _failure, $"closed by the gateway: {result.CloseStatus} {result.CloseStatusDescription}");
                        return;
                    }

                    // A price message starts {"type":"prices"; only a message's first frame is looked at.
                    if (start && result.Count > 16 && buffer.AsSpan(0, result.Count).StartsWith("{\"type\":\"prices\""u8))
                    {
                        Interlocked.Increment(ref _priceMessages);
                    }

                    start = result.EndOfMessage;
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The test is over: the cancellation aborted the socket.
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
                Volatile.Write(ref _failure, $"{e.GetType().Name}: {e.Message}");
            }
        }
    }
}
