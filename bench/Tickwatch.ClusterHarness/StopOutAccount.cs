using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using static System.FormattableString;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// An account driven into a stop-out across the real processes: put through a market service's trading admin, given
/// BUY positions of distinct volumes on one symbol (so the largest loss is the largest volume), funded to a margin level
/// just above its cutoff, then breached by a price move through the quote hub. It reads back what the stop-out did:
/// the lock (<c>autocutoff:stop_out:{live:N}</c> = <c>TOKEN:OWNER</c>) and the order events; its AutoCutoff decisions
/// are read from the books (<see cref="LedgerRecords"/>). Routed to the liquidity provider (<paramref name="route"/>), its
/// orders are filled by the execution gateway's reports and its stop-out's closes are provider requests on the orders.
/// </summary>
internal sealed class StopOutAccount(HttpClient http, Uri hub, IDatabase redis, AccountId id, ExecutionRoute route = ExecutionRoute.Local)
{
    public const string Symbol = "EURUSD";
    public const decimal CutoffLevel = 100m;
    public const decimal LiquidationLevel = 50m;
    private const decimal ContractSize = 100_000m;

    // Largest first; after the breach (equity = 0.62 lot's margin) the first six closes bring it back above the liquidation level.
    private static readonly decimal[] Volumes = [1.0m, 0.9m, 0.8m, 0.7m, 0.6m, 0.5m, 0.4m, 0.3m, 0.2m, 0.1m];

    private readonly Dictionary<string, decimal> _volumes = new(StringComparer.Ordinal);
    private readonly List<PlacedOrder> _placed = [];

    public AccountId Id { get; } = id;

    public ExecutionRoute Route { get; } = route;

    /// <summary>Each opened position's volume by order id.</summary>
    public IReadOnlyDictionary<string, decimal> VolumeOf => _volumes;

    /// <summary>The order requests sent, with their idempotency keys.</summary>
    public IReadOnlyList<PlacedOrder> Placed => _placed;

    /// <summary>Puts the account, opens its positions through the first market service and funds it to a margin level of 110 % (above its cutoff).</summary>
    /// <remarks>The funding is put on every market service: a balance change reaches the partition owner's portfolio only through its own recalc.</remarks>
    public async Task OpenAsync(IReadOnlyList<Uri> markets)
    {
        var market = markets[0];
        await PutAsync(market, new { wallet_balance = 1_000_000m, leverage = 100m, group = "Standard", sending_orders = TradingWire.Of(Route), auto_cutoff_level = CutoffLevel, auto_liquidation_level = LiquidationLevel, currency = "USD" });
        foreach (var volume in Volumes)
        {
            var placed = await AdminOrders.PlaceAsync(http, market, Id, new { symbol = Symbol, type = "BUY", volume }, Invariant($"Opening {volume} {Symbol}"));
            _volumes[placed.AnsweredOrderId!] = volume;
            _placed.Add(placed);
        }

        // A provider-routed order is queued until the gateway's fill: the margin is known once every position is open.
        var portfolio = await PortfolioAsync(market);
        var opening = Stopwatch.StartNew();
        while (portfolio.OpenPositions < Volumes.Length)
        {
            if (opening.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException(Invariant($"{Id}: {portfolio.OpenPositions} of {Volumes.Length} positions open 30 s after they were placed ({Route})."));
            }

            await Task.Delay(50);
            portfolio = await PortfolioAsync(market);
        }

        var balance = decimal.Round((1.1m * portfolio.UsedMargin) - portfolio.OpenPnl, 2);
        foreach (var each in markets)
        {
            await PutAsync(each, new { wallet_balance = balance });
        }
    }

    /// <summary>Moves the symbol down through the hub so that equity falls to 0.62 of one lot's margin: a margin level near 11 %, below the liquidation level.</summary>
    public async Task<decimal> BreachAsync(Uri market)
    {
        var portfolio = await PortfolioAsync(market);
        var lots = Volumes.Sum();
        var marginPerLot = portfolio.UsedMargin / lots;
        var drop = (portfolio.Equity - (0.62m * marginPerLot)) / (lots * ContractSize);
        var price = await http.GetFromJsonAsync<JsonNode>(new Uri(hub, "control/prices/" + Symbol)) ?? throw new InvalidOperationException("The hub has no " + Symbol + " price.");
        var bid = decimal.Round(price["bid"]!.GetValue<decimal>() - drop, 5);
        var ask = decimal.Round(price["ask"]!.GetValue<decimal>() - drop, 5);
        using var response = await http.PostAsJsonAsync(new Uri(hub, "control/prices"), new { symbol = Symbol, bid, ask });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(Invariant($"The hub refused {Symbol} {bid}/{ask}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"));
        }

        return drop;
    }

    /// <summary>The stop-out lock's holder and token, or null when no stop-out holds it.</summary>
    public async Task<(long Token, string Owner)?> LockAsync()
    {
        var value = (string?)await redis.StringGetAsync(RedisKeys.AutoCutoffStopOutLock(Id));
        return value?.Split(':', 2) is [var token, var owner] ? (long.Parse(token, CultureInfo.InvariantCulture), owner) : null;
    }

    /// <summary>The account's orders with a close at the provider not answered yet (<c>provider_request</c> = <c>close|…</c> on the order).</summary>
    public async Task<IReadOnlyList<string>> OutstandingClosesAsync()
    {
        var ids = _volumes.Keys.ToArray();
        var requests = await Task.WhenAll(ids.Select(o => redis.HashGetAsync(RedisKeys.UserHoldings(Id, o), "provider_request")));
        return [.. ids.Where((_, i) => ((string?)requests[i])?.StartsWith("close|", StringComparison.Ordinal) == true)];
    }

    /// <summary>Every committed order event of the account: order id and status, in commit order.</summary>
    public async Task<IReadOnlyList<(string OrderId, string Status)>> OrderEventsAsync()
    {
        var entries = await redis.StreamRangeAsync(RedisKeys.OrderEvents(Id));
        return [.. entries.Select(e => JsonNode.Parse((string)e["order"]!)!).Select(o => (o["order_id"]!.GetValue<string>(), o["status"]!.GetValue<string>()))];
    }

    /// <summary>How many of the account's orders have become final (closed).</summary>
    public async Task<long> ClosedCountAsync() => await redis.ListLengthAsync(RedisKeys.UserOrdersClosed(Id));

    /// <summary>The account's closed-order list (one entry per order that became final).</summary>
    public async Task<IReadOnlyList<string>> ClosedListAsync() =>
        [.. (await redis.ListRangeAsync(RedisKeys.UserOrdersClosed(Id))).Select(v => (string)v!)];

    /// <summary>The account valued now by <paramref name="market"/>: its figures and open positions.</summary>
    public async Task<AccountFigures> PortfolioAsync(Uri market)
    {
        var node = await http.GetFromJsonAsync<JsonNode>(new Uri(market, $"api/trading/accounts/{Id}")) ?? throw new InvalidOperationException($"No account {Id}.");
        var portfolio = node["portfolio"]!;
        decimal Figure(string name) => portfolio[name] is { } v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<decimal>() : 0m;
        var open = node["orders"]!.AsArray().Count(o => o?["status"]?.GetValue<string>() == "OPEN");
        return new AccountFigures(
            Figure("equity"),
            Figure("used_margin"),
            Figure("open_pnl"),
            portfolio["margin_level"] is { } level && level.GetValueKind() == JsonValueKind.Number ? level.GetValue<decimal>() : null,
            open);
    }

    private async Task PutAsync(Uri market, object body)
    {
        using var response = await http.PutAsJsonAsync(new Uri(market, $"api/trading/accounts/{Id}"), body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Putting {Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
