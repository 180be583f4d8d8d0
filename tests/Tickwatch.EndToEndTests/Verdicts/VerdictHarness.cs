using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>
/// The quote hub, the market service and a gateway for the verdict tests, with the steps they share: reading prices
/// off the stream as a client, bending the hub's prices (freeze, move, diverge), placing an order through the gateway
/// and fetching the forensics of the order or the refusal.
/// </summary>
public sealed class VerdictHarness : IAsyncDisposable
{
    /// <summary>The seed's <c>Standard</c> group (demo:1, demo:3): EURUSD and GBPUSD at a one-pip spread.</summary>
    public const decimal Pip = 0.0001m;

    /// <summary>Half of the Standard group's one-pip spread, added to the ask a BUY executes at.</summary>
    public const decimal HalfSpread = 0.00005m;

    // A symbol no verdict test trades or freezes: its prices, set through the hub, mark each feed's place.
    private const string Marker = "USDJPY";
    private const decimal MarkerPoint = 0.001m;

    private static readonly string[] Feeds = ["binary", "json"];

    private int _orders;
    private int _nudges;

    private VerdictHarness(RunningSystem system) => System = system;

    public RunningSystem System { get; }

    public RunningGateway Gateway => System.Gateway!;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <summary>Starts the system (every update two-sided, so each feed's price is one update) and waits until it is healthy.</summary>
    public static async Task<VerdictHarness> StartAsync(IDictionary<string, string?> market, IDictionary<string, string?>? gateway = null)
    {
        var system = await RunningSystem.StartWithGatewayAsync(market, gateway, o => o.PartialUpdateProbability = 0);
        try
        {
            await system.WaitUntilHealthyAsync();
            return new VerdictHarness(system);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>A token of <paramref name="account"/> (<c>demo:1</c>).</summary>
    public string Token(string account)
    {
        var (type, id) = (account[..account.IndexOf(':', StringComparison.Ordinal)], account[(account.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return Gateway.Token(user: id, userType: type);
    }

    /// <summary>A client of <paramref name="account"/> on the gateway's stream, subscribed to <paramref name="symbols"/>.</summary>
    public Task<PriceReader> ConnectAsync(string account, string[] symbols, int? receiveBufferBytes = null) =>
        PriceReader.ConnectAsync(Gateway, Token(account), symbols, receiveBufferBytes);

    public Task InjectAsync(object fault) => System.InjectFaultAsync(fault);

    /// <summary>
    /// Clears the hub's faults and waits until each feed's price of each of <paramref name="symbols"/> in the book was
    /// made after: a frozen or diverged price an earlier case left behind is no feed's last price any more.
    /// </summary>
    public async Task ResetAsync(params (string Symbol, decimal Point)[] symbols)
    {
        using (var response = await System.HubHttp.DeleteAsync(new Uri("/control/faults", UriKind.Relative)))
        {
            response.EnsureSuccessStatusCode();
        }

        var clearedAt = Now;
        foreach (var (symbol, point) in symbols)
        {
            await MarkFeedsAfterAsync(clearedAt, symbol, point);
        }
    }

    /// <summary>
    /// Freezes <paramref name="symbol"/> on every feed and returns its last price once the book has it and
    /// <paramref name="reader"/> has read it: from then on the book's quote of the symbol is that price, only older.
    /// </summary>
    public async Task<SeenPrice> FreezeAsync(string symbol, PriceReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await InjectAsync(new { kind = "freeze", symbol });
        var frozenAt = Now;
        await MarkFeedsAfterAsync(frozenAt, Marker, MarkerPoint);
        var last = await LastAcceptedAsync(symbol);
        var seen = reader.LastOf(symbol) is { } read && read.Sequence >= last
            ? read
            : await reader.ReadUntilAsync(p => p.Symbol == symbol && p.Sequence >= last, $"the last {symbol} price the book accepted before the freeze ({last})");
        Assert.Equal(last, seen.Sequence);
        return seen;
    }

    /// <summary>Moves the hub's price of <paramref name="symbol"/> by <paramref name="by"/> and sends it at once, on every feed not faulted.</summary>
    public async Task MoveAsync(string symbol, decimal by)
    {
        var price = await System.HubHttp.GetFromJsonAsync<JsonNode>(new Uri($"/control/prices/{symbol}", UriKind.Relative));
        await SetHubPriceAsync(symbol, price!["bid"]!.GetValue<decimal>() + by, price["ask"]!.GetValue<decimal>() + by);
    }

    /// <summary>One new price of <paramref name="symbol"/>, its smallest step (<paramref name="point"/>) up or down by turns, so that it stays where it is.</summary>
    public Task NudgeAsync(string symbol, decimal point) => MoveAsync(symbol, Interlocked.Increment(ref _nudges) % 2 == 0 ? point : -point);

    /// <summary>Places an order through the gateway as <paramref name="account"/>'s client; the answer, a refusal's problem details included.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> OrderAsync(string account, object order)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"verdict-{Interlocked.Increment(ref _orders)}-{Guid.NewGuid():N}");
        using var response = await Gateway.SendAsync(HttpMethod.Post, "/api/orders", Token(account), order, key);
        return (response.StatusCode, await RunningGateway.JsonAsync(response));
    }

    /// <summary>The forensics of an order, once its open decision's view is the shown price of <paramref name="viewSequence"/>.</summary>
    public Task<JsonNode> OrderForensicsAsync(string orderId, long viewSequence) =>
        Eventually.ValueAsync(
            () => System.GetMarketJsonAsync($"/api/debug/forensics/orders/{orderId}"),
            r => r["decisions"]![0]!["view"]?["book_sequence"]?.GetValue<long>() == viewSequence,
            $"the forensics of order {orderId} compare it with the price shown under sequence {viewSequence}");

    /// <summary>The forensics of a refusal, once its decision's view is the shown price of <paramref name="viewSequence"/>.</summary>
    public Task<JsonNode> RefusalForensicsAsync(string refusalId, long viewSequence) =>
        Eventually.ValueAsync(
            () => System.GetMarketJsonAsync($"/api/debug/forensics/refusals/{refusalId}"),
            r => r["decisions"]![0]!["view"]?["book_sequence"]?.GetValue<long>() == viewSequence,
            $"the forensics of refusal {refusalId} compare it with the price shown under sequence {viewSequence}");

    /// <summary>The gateway's view of <paramref name="account"/>'s newest stream client (<c>/api/debug/streams</c>).</summary>
    public async Task<JsonNode> StreamClientAsync(string account)
    {
        var report = await Gateway.GetJsonAsync("/api/debug/streams");
        return report["clients"]!.AsArray().Where(c => c!["user"]!.GetValue<string>() == account).MaxBy(c => c!["id"]!.GetValue<long>())
            ?? throw new Xunit.Sdk.XunitException($"The gateway has no stream client of {account}: {report.ToJsonString()}");
    }

    /// <summary>The market's timeline of <paramref name="symbol"/> from <paramref name="from"/> (default: the last minute).</summary>
    public Task<JsonNode> TimelineAsync(string symbol, DateTimeOffset? from = null) =>
        System.GetMarketJsonAsync(
            from is { } start
                ? string.Create(CultureInfo.InvariantCulture, $"/api/debug/forensics/symbols/{symbol}?from={start.ToUnixTimeMilliseconds()}&limit=10000")
                : $"/api/debug/forensics/symbols/{symbol}?limit=10000");

    public ValueTask DisposeAsync() => System.DisposeAsync();

    // A frame the hub stamps after a fault was injected or cleared was made with the faults as they are now, and each
    // feed delivers its frames in order: once the book has had each feed's frame stamped later than that, it has had
    // every frame made before. Source times are whole milliseconds, so the price is set once the clock is past the
    // fault's millisecond.
    private async Task MarkFeedsAfterAsync(DateTimeOffset after, string symbol, decimal point)
    {
        await Eventually.UntilAsync(() => Now.ToUnixTimeMilliseconds() > after.ToUnixTimeMilliseconds(), "the clock is past the fault's millisecond");
        await NudgeAsync(symbol, point);
        await Eventually.ValueAsync(
            () => TimelineAsync(symbol, after),
            t => Feeds.All(feed => t["entries"]!.AsArray().Any(e =>
                (string?)e!["kind"] == "feed_update" && (string?)e["feed"] == feed && e["source_time"]?.GetValue<DateTimeOffset>() > after)),
            $"each feed's {symbol} update stamped after {after:O} reached the book");
    }

    private async Task<long> LastAcceptedAsync(string symbol)
    {
        var timeline = await TimelineAsync(symbol);
        return timeline["entries"]!.AsArray()
            .Where(e => (string?)e!["kind"] == "feed_update" && (string?)e["outcome"] == "accepted")
            .Max(e => e!["book_sequence"]!.GetValue<long>());
    }

    private async Task SetHubPriceAsync(string symbol, decimal bid, decimal ask)
    {
        using var response = await System.HubHttp.PostAsJsonAsync(new Uri("/control/prices", UriKind.Relative), new { symbol, bid, ask });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The hub refused the price: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
