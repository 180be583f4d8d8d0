using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.BenchSupport;
using static System.FormattableString;

namespace Tickwatch.SoakHarness;

/// <summary>
/// Places market orders through the gateway as the provider-routed development account, so they go over the provider
/// link to the execution gateway, and drops that link at random. Checks that every accepted order settles once the link
/// is back, whatever the drop cut off: filled (at exactly its volume: a report applied twice would double it) and then
/// closed, or rejected or cancelled by the provider; never left queued. An order left unsettled is reported with what
/// the trader last saw of it and what the market's link holds in flight for it (<c>GET /api/debug/provider</c>).
/// </summary>
internal sealed class ProviderTrader(HttpClient http, Uri gateway, Uri market, Uri execControl, string token, InvariantLog log)
{
    /// <summary>Every provider order is this size: a fill of any other size is a report applied twice (or half).</summary>
    public const decimal Volume = 0.01m;

    private static readonly string[] Symbols = ["EURUSD", "GBPUSD", "USDJPY"];
    private readonly ConcurrentDictionary<string, string> _unsettled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastSeen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _settling = new(1, 1);
    private long _placed;
    private long _accepted;
    private long _settled;
    private long _drops;
    private int _firstLooked;

    public ProviderFigures Figures => new(
        Interlocked.Read(ref _placed),
        Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _settled),
        _unsettled.Count,
        Interlocked.Read(ref _drops),
        new Dictionary<string, long>(_outcomes, StringComparer.Ordinal));

    /// <summary>Places <paramref name="count"/> orders at once and settles them (and any left from before).</summary>
    public async Task<string> BurstAsync(int count, Random random, TimeSpan deadline)
    {
        await PlaceAsync(count, random);
        return Invariant($"{count} provider orders; ") + await SettleAsync(deadline);
    }

    /// <summary>
    /// Drops the execution gateway's link connections, places orders while the market service reconnects (refused
    /// <c>PROVIDER_UNAVAILABLE</c> while it knows the link is down, or queued and sent again at the connect), waits for
    /// a connection and settles every order.
    /// </summary>
    public async Task<string> DropLinkAsync(Random random, TimeSpan deadline)
    {
        using var response = await http.PostAsync(new Uri(execControl, "control/drop"), null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(Invariant($"the execution gateway refused the drop: {(int)response.StatusCode} {body}"));
        }

        Interlocked.Increment(ref _drops);
        var dropped = JsonNode.Parse(body)?["dropped"]?.GetValue<int>() ?? 0;
        var count = random.Next(2, 6);
        await PlaceAsync(count, random);
        var started = Stopwatch.StartNew();
        while (!await ConnectedAsync())
        {
            if (started.Elapsed > deadline)
            {
                log.Violated("provider-link-back", "provider link", Invariant($"no link connection {deadline.TotalSeconds:0} s after a drop"));
                return Invariant($"dropped {dropped} link connection(s); the link did not come back");
            }

            await Task.Delay(100);
        }

        log.Checked("provider-link-back");
        var reconnected = started.Elapsed.TotalSeconds;
        return Invariant($"dropped {dropped} link connection(s), back after {reconnected:0.0} s; {count} provider orders meanwhile; ") + await SettleAsync(deadline);
    }

    /// <summary>
    /// Until <paramref name="deadline"/>: each accepted order that filled is checked for its volume and closed, and each
    /// is watched until it is final (closed, rejected or cancelled). What is still not final then is a violation.
    /// </summary>
    public async Task<string> SettleAsync(TimeSpan deadline)
    {
        await _settling.WaitAsync();
        try
        {
            var started = Stopwatch.StartNew();
            var before = Interlocked.Read(ref _settled);
            while (!_unsettled.IsEmpty)
            {
                // Each pass starts one order further on, so a throttled pass never starves the same orders.
                var ids = _unsettled.Keys.Order(StringComparer.Ordinal).ToArray();
                var first = _firstLooked++ % ids.Length;
                foreach (var id in ids[first..].Concat(ids[..first]))
                {
                    if (!await StepAsync(id))
                    {
                        break;
                    }
                }

                if (_unsettled.IsEmpty)
                {
                    break;
                }

                if (started.Elapsed > deadline)
                {
                    var inFlight = await InFlightAsync();
                    foreach (var (id, last) in _unsettled)
                    {
                        log.Checked("provider-orders-settled");
                        log.Violated(
                            "provider-orders-settled",
                            Invariant($"provider order {id}"),
                            Invariant($"still {last} {deadline.TotalSeconds:0} s after the link was back; last seen {_lastSeen.GetValueOrDefault(id, "never")}; the market's link: {inFlight(id)}"));
                    }

                    _unsettled.Clear();
                    break;
                }

                await Task.Delay(200);
            }

            return Invariant($"{Interlocked.Read(ref _settled) - before} settled in {started.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            _settling.Release();
        }
    }

    private async Task PlaceAsync(int count, Random random)
    {
        var orders = Enumerable.Range(0, count)
            .Select(_ => (Symbol: Symbols[random.Next(Symbols.Length)], Side: random.Next(2) == 0 ? "BUY" : "SELL"))
            .ToArray();
        await Task.WhenAll(orders.Select(o => PlaceOneAsync(o.Symbol, o.Side)));
    }

    private async Task PlaceOneAsync(string symbol, string side)
    {
        Interlocked.Increment(ref _placed);
        try
        {
            var (status, body) = await SendAsync(HttpMethod.Post, "api/orders", new { symbol, type = side, volume = Volume.ToString(CultureInfo.InvariantCulture) });
            if (status == HttpStatusCode.Created && body?["order_id"]?.GetValue<string>() is { } id)
            {
                Interlocked.Increment(ref _accepted);
                Count("accepted:" + body["status"]?.GetValue<string>());
                _unsettled[id] = body["status"]?.GetValue<string>() ?? "?";
                return;
            }

            // Refusals are allowed (the link down, a stale price, the store failing over); each is counted by reason.
            Count(body?["reason"]?.GetValue<string>() is { } reason ? "refused:" + reason : Invariant($"http:{(int)status}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Count("error");
        }
    }

    // One look at an order: a fill is checked and closed; a final status settles it. False when throttled (end the pass).
    private async Task<bool> StepAsync(string id)
    {
        HttpStatusCode status;
        JsonNode? order;
        try
        {
            (status, order) = await SendAsync(HttpMethod.Get, "api/orders/" + Uri.EscapeDataString(id), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Count("look:error");
            return true;
        }

        if (status != HttpStatusCode.OK || order?["status"]?.GetValue<string>() is not { } state)
        {
            Count(Invariant($"look:{(int)status}"));
            return status != HttpStatusCode.TooManyRequests;
        }

        var was = _unsettled.GetValueOrDefault(id);
        _unsettled[id] = state;
        _lastSeen[id] = Invariant($"{state} provider_request {order["provider_request"]?.ToJsonString() ?? "none"}");
        switch (state)
        {
            case "OPEN" when was != "OPEN" || !order.AsObject().ContainsKey("provider_request"):
                log.Checked("provider-fills-once");
                var volume = order["volume"]?.GetValue<decimal>();
                if (volume != Volume || order["working_volume"] is not null && order["working_volume"]!.GetValue<decimal>() != 0)
                {
                    log.Violated("provider-fills-once", Invariant($"provider order {id}"), Invariant($"filled {volume} (working {order["working_volume"]}) for an order of {Volume}: {order.ToJsonString()}"));
                }

                var close = await CloseAsync(id);
                _lastSeen[id] += "; close answered " + close;
                break;
            case "CLOSED" or "REJECTED" or "CANCELLED":
                if (_unsettled.TryRemove(id, out _))
                {
                    _lastSeen.TryRemove(id, out _);
                    log.Checked("provider-orders-settled");
                    Interlocked.Increment(ref _settled);
                    Count("settled:" + state);
                }

                break;
        }

        return true;
    }

    private async Task<string> CloseAsync(string id)
    {
        try
        {
            var (status, body) = await SendAsync(HttpMethod.Post, "api/orders/" + Uri.EscapeDataString(id) + "/close", new { });
            var answer = body?["reason"]?.GetValue<string>() is { } reason ? Invariant($"{(int)status} {reason}") : Invariant($"{(int)status}");
            Count("close:" + answer);
            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Tried again at the next look while the order is still open.
            Count("close:error");
            return "error: " + ex.Message;
        }
    }

    /// <summary>The market's link now (loopback needs no operator token): its state and, per order, what it holds in flight.</summary>
    private async Task<Func<string, string>> InFlightAsync()
    {
        try
        {
            var provider = await http.GetFromJsonAsync<JsonNode>(new Uri(market, "api/debug/provider"));
            var state = provider?["state"]?.ToJsonString() ?? "?";
            var inFlight = provider?["in_flight"]?.AsArray() ?? [];
            return id => Invariant($"state {state}, ") + (inFlight.FirstOrDefault(o => o?["order_id"]?.GetValue<string>() == id)?.ToJsonString() ?? "nothing in flight for it");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return _ => "unreadable: " + ex.Message;
        }
    }

    private async Task<bool> ConnectedAsync()
    {
        try
        {
            var status = await http.GetFromJsonAsync<JsonNode>(new Uri(execControl, "control/status"));
            return status?["connections"]?.AsArray().Count > 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(gateway, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
    }

    private void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
