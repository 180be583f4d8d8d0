using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// An account with armed triggers on one symbol, all crossed by one price move down through the quote hub: BUY LIMIT
/// orders below the ask (pending), BUY positions with a stop loss below the bid and SELL positions with a take profit
/// below the ask, each <see cref="Distance"/> away from the price. Orders go in through a market service's trading admin
/// with idempotency keys; the armed triggers are read from the trigger index (<c>trigger_prices:{SYM}</c>, field
/// <c>KIND|ACCOUNT|ORDER</c>) that the partition owner's trigger service writes.
/// </summary>
internal sealed class TriggerAccount(HttpClient http, Uri hub, IDatabase redis, AccountId id)
{
    public const string Symbol = "GBPUSD";
    public const int PerKind = 3;

    /// <summary>How far each trigger is from the price: well beyond the hub's random walk over the few seconds before the move.</summary>
    private const decimal Distance = 0.0030m;

    /// <summary>The move down that crosses them all.</summary>
    private const decimal Drop = 0.0080m;

    private readonly Dictionary<string, string> _kinds = new(StringComparer.Ordinal);
    private readonly List<PlacedOrder> _placed = [];

    public AccountId Id { get; } = id;

    /// <summary>Each trigger's order and its kind: <c>pending</c>, <c>sl</c> (fires a close), <c>tp</c> (fires a close).</summary>
    public IReadOnlyDictionary<string, string> KindOf => _kinds;

    /// <summary>The order requests sent, with their idempotency keys.</summary>
    public IReadOnlyList<PlacedOrder> Placed => _placed;

    /// <summary>Puts the account (local route) and places its orders through <paramref name="market"/>.</summary>
    public async Task ArmAsync(Uri market)
    {
        using (var put = await http.PutAsJsonAsync(
            new Uri(market, $"api/trading/accounts/{Id}"),
            new { wallet_balance = 1_000_000m, leverage = 100m, group = "Standard", sending_orders = "local", currency = "USD" }))
        {
            if (!put.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Putting {Id} answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
            }
        }

        var (bid, ask) = await PriceAsync();
        for (var i = 0; i < PerKind; i++)
        {
            await PlaceAsync(market, "pending", new { symbol = Symbol, type = "BUY_LIMIT", volume = 0.01m, price = ask - Distance });
            await PlaceAsync(market, "sl", new { symbol = Symbol, type = "BUY", volume = 0.01m, stop_loss = bid - Distance });
            await PlaceAsync(market, "tp", new { symbol = Symbol, type = "SELL", volume = 0.01m, take_profit = ask - Distance });
        }
    }

    /// <summary>How many of its triggers the index holds armed now.</summary>
    public async Task<int> ArmedAsync()
    {
        var account = Id.ToString();
        var fields = await redis.HashKeysAsync(RedisKeys.TriggerPrices(Symbol));
        return fields.Select(f => ((string)f!).Split('|', 3)).Count(p => p.Length == 3 && p[1] == account && _kinds.ContainsKey(p[2]));
    }

    /// <summary>Moves the symbol down through the hub, across every trigger.</summary>
    public async Task CrossAsync()
    {
        var (bid, ask) = await PriceAsync();
        using var response = await http.PostAsJsonAsync(new Uri(hub, "control/prices"), new { symbol = Symbol, bid = bid - Drop, ask = ask - Drop });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(Invariant($"The hub refused a {Drop} drop of {Symbol}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"));
        }
    }

    /// <summary>How many triggers have fired, as <paramref name="market"/> reads the account: pending orders no longer pending, stop-loss and take-profit positions no longer open.</summary>
    public async Task<int> FiredAsync(Uri market)
    {
        var node = await http.GetFromJsonAsync<JsonNode>(new Uri(market, $"api/trading/accounts/{Id}")) ?? throw new InvalidOperationException($"No account {Id}.");
        var active = node["orders"]!.AsArray()
            .Where(o => o?["order_id"] is not null)
            .ToDictionary(o => o!["order_id"]!.GetValue<string>(), o => o!["status"]?.GetValue<string>(), StringComparer.Ordinal);
        return _kinds.Count(p => p.Value == "pending"
            ? !(active.TryGetValue(p.Key, out var status) && status == "PENDING")
            : !active.ContainsKey(p.Key));
    }

    /// <summary>How many firings are on the account's event stream: a pending order's OPEN event, a stop-loss or take-profit position's CLOSED event.</summary>
    public async Task<int> FiringEventsAsync() =>
        (await OrderEventsAsync()).Count(e => _kinds.TryGetValue(e.OrderId, out var kind) && e.Status == (kind == "pending" ? "OPEN" : "CLOSED"));

    /// <summary>Every committed order event of the account: order id and status, in commit order.</summary>
    public async Task<IReadOnlyList<(string OrderId, string Status)>> OrderEventsAsync()
    {
        var entries = await redis.StreamRangeAsync(RedisKeys.OrderEvents(Id));
        return [.. entries.Select(e => JsonNode.Parse((string)e["order"]!)!).Select(o => (o["order_id"]!.GetValue<string>(), o["status"]!.GetValue<string>()))];
    }

    private async Task PlaceAsync(Uri market, string kind, object body)
    {
        var placed = await AdminOrders.PlaceAsync(http, market, Id, body, $"Placing a {kind} trigger");
        _kinds[placed.AnsweredOrderId!] = kind;
        _placed.Add(placed);
    }

    private async Task<(decimal Bid, decimal Ask)> PriceAsync()
    {
        var price = await http.GetFromJsonAsync<JsonNode>(new Uri(hub, "control/prices/" + Symbol)) ?? throw new InvalidOperationException("The hub has no " + Symbol + " price.");
        return (price["bid"]!.GetValue<decimal>(), price["ask"]!.GetValue<decimal>());
    }
}
