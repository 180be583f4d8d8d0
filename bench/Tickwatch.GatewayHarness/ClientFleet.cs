using System.Diagnostics;
using System.Globalization;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The harness's live-stream clients against one gateway: connected, subscribed and read in this process however the
/// gateway is fed, then checked against the prices every client must end on.
/// </summary>
internal sealed class ClientFleet : IAsyncDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly CancellationTokenSource _reading = new();
    private readonly List<Task> _readers = [];
    private int _disposed;

    private ClientFleet(BenchClient[] clients, HttpMessageInvoker invoker)
    {
        Clients = clients;
        _invoker = invoker;
    }

    public BenchClient[] Clients { get; }

    /// <summary>
    /// Client c takes <paramref name="symbolsPerClient"/> symbols from c × that onwards, wrapping, so every symbol is taken by
    /// about the same number of clients; connects them (32 at a time) with tokens signed by <paramref name="jwt"/> and waits for every subscription.
    /// </summary>
    public static async Task<ClientFleet> ConnectAsync(
        HarnessSettings settings, int count, int symbolsPerClient, string[] symbols, Uri baseAddress, JwtOptions jwt, DeliveryFigures figures)
    {
        if (symbolsPerClient > symbols.Length)
        {
            throw new ArgumentException($"The gateway has {symbols.Length} symbols; --symbols-per-client {symbolsPerClient} is more.");
        }

        var invoker = ClientConnections.Invoker(settings.ClientReceiveBuffer);
        var clients = Enumerable.Range(0, count)
            .Select(c => (string[])[.. Enumerable.Range(0, symbolsPerClient).Select(j => symbols[((c * symbolsPerClient) + j) % symbols.Length])])
            .Select(BenchClient (taken, c) => settings.ClientMode == ClientMode.Poll
                ? new PollClient(taken, figures, c % settings.TimedClientsEvery == 0, settings.ClientReceiveBuffer)
                : new AsyncClient(taken, figures, c % settings.TimedClientsEvery == 0, invoker))
            .ToArray();
        var fleet = new ClientFleet(clients, invoker);
        try
        {
            await fleet.StartAsync(settings, baseAddress, jwt);
        }
        catch
        {
            // A fleet that could not connect (e.g. too few file descriptors) closes what it opened before the step reports why.
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    private async Task StartAsync(HarnessSettings settings, Uri baseAddress, JwtOptions jwt)
    {
        var clients = Clients;
        var streamUri = new Uri($"ws://{baseAddress.Authority}/api/stream");
        using (var throttle = new SemaphoreSlim(32))
        {
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await throttle.WaitAsync();
                try
                {
                    var token = AccessTokens.Mint(jwt, (i + 1).ToString(CultureInfo.InvariantCulture), "live", DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await client.ConnectAsync(streamUri, token, timeout.Token);
                }
                finally
                {
                    throttle.Release();
                }
            }));
        }

        if (settings.ClientMode == ClientMode.Poll)
        {
            _readers.Add(PollReaders.Start(clients.Cast<PollClient>().ToArray(), settings.PollThreads, _reading.Token));
        }
        else
        {
            _readers.AddRange(clients.Cast<AsyncClient>().Select(client => Task.Run(() => client.ReadAsync(_reading.Token))));
        }

        await Task.WhenAll(clients.Select(c => c.Subscribed)).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Subscribers of each symbol.</summary>
    public Dictionary<string, int> Subscribers(IEnumerable<string> symbols) => symbols.ToDictionary(s => s, s => Clients.Count(c => c.Symbols.Contains(s)));

    /// <summary>
    /// Every client still connected holds <paramref name="expected"/>'s price of each of its symbols (waiting up to
    /// <paramref name="settle"/> for it), and the sequence the scanner read from that element is the one a full parse finds.
    /// </summary>
    public async Task<FinalCheck> CheckAsync(IReadOnlyDictionary<string, (long Sequence, decimal Bid, decimal Ask)> expected, TimeSpan settle)
    {
        var settling = Stopwatch.StartNew();
        int mismatches, misread;
        do
        {
            // A symbol the store never got counts as a mismatch rather than ending the check.
            var held = Clients.Where(c => c.EndedBecause is null)
                .SelectMany(c => Enumerable.Range(0, c.Symbols.Count).Select(i => (Known: expected.TryGetValue(c.Symbols[i], out var source), Source: source, Held: c.Last(i))))
                .ToList();
            mismatches = held.Count(h => !h.Known || h.Held.Parsed != h.Source);
            misread = held.Count(h => h.Held.Parsed.Sequence != h.Held.Scanned);
            if (mismatches == 0)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (settling.Elapsed < settle);

        var ended = Clients.Where(c => c.EndedBecause is not null).ToList();
        return new FinalCheck(
            Clients.Where(c => c.EndedBecause is null).Sum(c => c.Symbols.Count), mismatches, misread, settling.Elapsed, ended.Count, ended.FirstOrDefault()?.EndedBecause);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _reading.CancelAsync();
        await Task.WhenAll(_readers);
        await Task.WhenAll(Clients.Select(c => c.DisposeAsync().AsTask()));
        _reading.Dispose();
        _invoker.Dispose();
    }
}
