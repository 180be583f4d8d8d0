using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.BenchSupport;
using static System.FormattableString;

namespace Tickwatch.SoakHarness;

/// <summary>
/// Places market orders through the gateway's <c>/api/orders</c> as the seeded demo accounts and checks that no order acts on
/// a stale price: every fill's quote was within the execution age limit, and an order placed while the feed has been
/// stalled longer than that limit is refused with <c>STALE_PRICE</c>. Each position is closed again so margin never runs out.
/// </summary>
internal sealed class OrderTrader(HttpClient http, Uri gateway, IReadOnlyList<string> tokens, TimeSpan maxExecutionAge, InvariantLog log)
{
    // Standard-group symbols of the seeded demo accounts, forex so their sessions are open on weekdays.
    private static readonly string[] Symbols = ["EURUSD", "GBPUSD", "USDJPY"];
    private readonly ConcurrentQueue<(string Token, string OrderId)> _open = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private long _placed;
    private long _staleWindowOrders;

    public long Placed => Interlocked.Read(ref _placed);

    /// <summary>Orders placed inside a stall's stale window (each had to be refused with STALE_PRICE).</summary>
    public long StaleWindowOrders => Interlocked.Read(ref _staleWindowOrders);

    /// <summary>Outcomes by kind: <c>filled</c>, <c>refused:REASON</c>, <c>http:STATUS</c>, <c>error</c>.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>The first answers with a 5xx status and no refusal reason (not an invariant of the soak, but worth a look): when, and the body.</summary>
    public IReadOnlyList<string> ServerErrors => [.. _serverErrors];

    /// <summary>
    /// Places <paramref name="count"/> orders at once; with <paramref name="staleWindow"/> (harness seconds) an order sent
    /// and answered inside it must be refused with STALE_PRICE. Then closes what it can of the open positions.
    /// </summary>
    public async Task<string> BurstAsync(int count, Random random, Func<double> now, (double From, double Until)? staleWindow = null)
    {
        var orders = Enumerable.Range(0, count)
            .Select(_ => (Token: tokens[random.Next(tokens.Count)], Symbol: Symbols[random.Next(Symbols.Length)], Side: random.Next(2) == 0 ? "BUY" : "SELL"))
            .ToArray();
        await Task.WhenAll(orders.Select(o => PlaceAsync(o.Token, o.Symbol, o.Side, now, staleWindow)));
        await CloseOpenAsync();
        return Invariant($"{count} orders{(staleWindow is { } w ? $" inside the stall's stale window {w.From:0.0}–{w.Until:0.0} s" : "")}");
    }

    /// <summary>Closes every position still open (a close refused during a stall is tried again next time).</summary>
    public async Task CloseOpenAsync()
    {
        var tries = _open.Count;
        for (var i = 0; i < tries && _open.TryDequeue(out var position); i++)
        {
            try
            {
                using var response = await SendAsync("api/orders/" + Uri.EscapeDataString(position.OrderId) + "/close", position.Token, new { });
                if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                {
                    _open.Enqueue(position);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _open.Enqueue(position);
            }
        }
    }

    private async Task PlaceAsync(string token, string symbol, string side, Func<double> now, (double From, double Until)? staleWindow)
    {
        var sent = now();
        Interlocked.Increment(ref _placed);
        HttpStatusCode status;
        JsonNode? body;
        try
        {
            using var response = await SendAsync("api/orders", token, new { symbol, type = side, volume = "0.01" });
            status = response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            body = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Count("error");
            return;
        }

        var answered = now();
        var inWindow = staleWindow is { } w && sent >= w.From && answered <= w.Until;
        if (inWindow)
        {
            Interlocked.Increment(ref _staleWindowOrders);
            log.Checked("stale-orders-refused");
        }

        if (status == HttpStatusCode.Created && body?["order_id"]?.GetValue<string>() is { } id)
        {
            Count("filled");
            _open.Enqueue((token, id));
            log.Checked("fills-on-fresh-prices");
            var age = body["open_quote"]?["age_ms"]?.GetValue<double>();
            if (age is null || age > maxExecutionAge.TotalMilliseconds)
            {
                log.Violated("fills-on-fresh-prices", Invariant($"order {id} ({symbol})"), Invariant($"filled at {body["open_price"]} on a quote {age?.ToString("0", CultureInfo.InvariantCulture) ?? "of unknown age"} ms old (limit {maxExecutionAge.TotalMilliseconds:0} ms)"));
            }

            if (inWindow)
            {
                log.Violated("stale-orders-refused", Invariant($"order {id} ({symbol})"), Invariant($"filled at {body["open_price"]} during a stall (sent {sent:0.00} s, answered {answered:0.00} s, stale window {staleWindow!.Value.From:0.00}–{staleWindow.Value.Until:0.00} s)"));
            }

            return;
        }

        var reason = body?["reason"]?.GetValue<string>();
        Count(reason is null ? Invariant($"http:{(int)status}") : "refused:" + reason);
        if ((int)status >= 500 && reason is null && _serverErrors.Count < 10)
        {
            _serverErrors.Enqueue(Invariant($"{sent:0.0} s, {side} {symbol}: {(int)status} {body?.ToJsonString()}"));
        }

        // A stall may meet a Redis master's failover: an order the store could not take is refused before any price is
        // looked at (503 STORE_UNAVAILABLE, nothing done), which keeps the invariant as well as STALE_PRICE does.
        if (inWindow && reason is not ("STALE_PRICE" or "STORE_UNAVAILABLE"))
        {
            log.Violated("stale-orders-refused", Invariant($"{side} {symbol}"), Invariant($"answered {(int)status} {reason ?? "(no reason)"} during a stall instead of STALE_PRICE: {body?.ToJsonString()}"));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await http.SendAsync(request);
    }

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
