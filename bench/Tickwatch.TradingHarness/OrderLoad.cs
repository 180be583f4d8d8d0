using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Trading;

namespace Tickwatch.TradingHarness;

/// <summary>
/// Orders over real HTTP to the market service's <c>/api/trading</c> routes at a fixed rate, open loop: a pacer thread
/// dispatches each request when it is due without waiting for earlier answers, and each is timed from when it was due,
/// so a slow answer cannot hide the ones queued behind it. Market opens go round the accounts and symbols; each close
/// takes the oldest open answered and not yet closed. Every request carries its own <c>Idempotency-Key</c>.
/// </summary>
internal sealed class OrderLoad(HttpClient http, string[] symbols, int accounts, decimal volume, OrderMix mix)
{
    private readonly ConcurrentQueue<(AccountId Account, string OrderId)> _open = new();
    private readonly ConcurrentQueue<string> _placed = new();
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _openLatency = new();
    private readonly LatencyHistogram _closeLatency = new();
    private readonly LatencyHistogram _all = new();
    private readonly LatencyHistogram _allSent = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _opens;
    private long _closes;

    public async Task<OrderFigures> RunAsync(int rate, TimeSpan duration)
    {
        var requests = new ConcurrentQueue<Task>();
        var interval = Stopwatch.Frequency / (double)rate;
        double lateMaxMs = 0;
        var started = Stopwatch.GetTimestamp();
        var pacer = new Thread(() =>
        {
            long n = 0;
            var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= end)
                {
                    break;
                }

                // Every request owed by now goes out, each stamped with the instant it was due.
                for (var due = started + (long)(n * interval); due <= now && due < end; due = started + (long)(++n * interval))
                {
                    lateMaxMs = Math.Max(lateMaxMs, (now - due) * 1000.0 / Stopwatch.Frequency);
                    var closing = mix == OrderMix.Alternate && n % 2 == 1;
                    if (closing && _open.TryDequeue(out var position))
                    {
                        requests.Enqueue(CloseAsync(position.Account, position.OrderId, due));
                    }
                    else
                    {
                        requests.Enqueue(OpenAsync(due));
                        if (mix == OrderMix.Pairs && _open.TryDequeue(out var earlier))
                        {
                            requests.Enqueue(CloseAsync(earlier.Account, earlier.OrderId, due));
                        }
                    }
                }

                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Name = "order-pacer" };
        pacer.Start();
        await Task.Run(pacer.Join).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.WhenAll(requests).ConfigureAwait(false);
        return new OrderFigures(
            seconds,
            Interlocked.Read(ref _opens),
            Interlocked.Read(ref _closes),
            LatencyFigures.Of(_openLatency),
            LatencyFigures.Of(_closeLatency),
            LatencyFigures.Of(_all),
            LatencyFigures.Of(_allSent),
            new SortedDictionary<string, long>(_refusals, StringComparer.Ordinal),
            lateMaxMs);
    }

    /// <summary>Every order the phase opened, in the order the answers came.</summary>
    public IReadOnlyList<string> Placed => [.. _placed];

    /// <summary>Closes what the phase left open, so the book is as the set-up made it (not timed).</summary>
    public async Task<int> CloseRemainingAsync()
    {
        var closed = 0;
        while (_open.TryDequeue(out var position))
        {
            using var response = await PostAsync(ClosePath(position.Account, position.OrderId), new { }).ConfigureAwait(false);
            closed += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return closed;
    }

    private async Task OpenAsync(long due)
    {
        var k = Interlocked.Increment(ref _opens) - 1;
        var account = BookSetup.Account(1 + (int)(k % accounts));
        var body = new { symbol = symbols[k % symbols.Length], type = k % 2 == 0 ? "BUY" : "SELL", volume };
        await SendAsync("open", due, HttpStatusCode.Created, $"/api/trading/accounts/{account}/orders", body, async response =>
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync().ConfigureAwait(false)).ConfigureAwait(false);
            var orderId = json.RootElement.GetProperty("order_id").GetString()!;
            _open.Enqueue((account, orderId));
            _placed.Enqueue(orderId);
        }).ConfigureAwait(false);
    }

    private async Task CloseAsync(AccountId account, string orderId, long due)
    {
        Interlocked.Increment(ref _closes);
        await SendAsync("close", due, HttpStatusCode.OK, ClosePath(account, orderId), new { }, response => response.Content.LoadIntoBufferAsync()).ConfigureAwait(false);
    }

    private static string ClosePath(AccountId account, string orderId) => $"/api/trading/accounts/{account}/orders/{orderId}/close";

    private async Task SendAsync(string what, long due, HttpStatusCode expected, string path, object body, Func<HttpResponseMessage, Task> read)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await PostAsync(path, body).ConfigureAwait(false);
            if (response.StatusCode == expected)
            {
                await read(response).ConfigureAwait(false);
            }
            else
            {
                var reason = await ReasonAsync(response).ConfigureAwait(false);
                _refusals.AddOrUpdate($"{what} {reason}", 1, (_, n) => n + 1);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            _refusals.AddOrUpdate($"{what} {ex.GetType().Name}", 1, (_, n) => n + 1);
        }

        var done = Stopwatch.GetTimestamp();
        var latency = Stopwatch.GetElapsedTime(due, done);
        (what == "open" ? _openLatency : _closeLatency).Record(latency);
        _all.Record(latency);
        _allSent.Record(Stopwatch.GetElapsedTime(sent, done));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{_run}-{Guid.NewGuid():N}"));
        return await http.SendAsync(request).ConfigureAwait(false);
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "?" : $"HTTP {(int)response.StatusCode}";
        }
        catch (JsonException)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
    }
}
