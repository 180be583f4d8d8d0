using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Market.Feeds;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Storage;
using Tickwatch.Testing;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>
/// Issue 14's kill test: the market service as a real <c>tickwatch market</c> process on the Redis Cluster with a SQLite
/// ledger, SIGKILLed while clients' orders stream in and the ledger writer has changes not yet written, then started
/// again. Once the writer has drained, the ledger equals the hot state (every order, balance, position) and holds no
/// deal or balance operation twice.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MarketServiceKillTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const int Clients = 3;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tickwatch-kill-");
    private readonly int _port = FreePort();
    private readonly AccountId[] _accounts = [.. Enumerable.Range(0, Clients).Select(_ => new AccountId(UserType.Live, Random.Shared.Next(100_000_000, 999_999_999)))];
    private readonly ConcurrentQueue<string> _console = new();
    private WebApplication _hub = null!;
    private Process? _market;

    private string LedgerFile => Path.Combine(_folder.FullName, "ledger.db");

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _hub = QuoteHubHost.Build(new QuoteHubOptions { Port = 0, Seed = 14 }, loggerFactory: NullLoggerFactory.Instance);
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await KillAsync();
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_kill_between_the_hot_state_change_and_the_ledger_write_loses_nothing_and_duplicates_nothing()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };
        await StartMarketAsync(http);
        foreach (var account in _accounts)
        {
            using var put = await http.PutAsJsonAsync(new Uri($"/api/trading/accounts/{account}", UriKind.Relative), new { wallet_balance = 100_000m, leverage = 100m, group = "Standard" });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        // Clients stream orders (each a buy, every other one closed again) until the process dies under them.
        var acknowledged = new ConcurrentBag<(AccountId Account, string OrderId)>();
        using var stop = new CancellationTokenSource();
        var clients = _accounts.Select(account => Task.Run(() => StreamOrdersAsync(http, account, acknowledged, stop.Token))).ToList();
        var outboxAtKill = await KillWithChangesInTheOutboxAsync(() => acknowledged.Count);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.True(outboxAtKill > 0, "The kill left changes in the outbox that the ledger did not hold yet.");

        // The same process again, on the same Redis and the same ledger file: the writer takes up where the other died.
        await StartMarketAsync(http);
        var store = new RedisTradingStore(cluster.Connection, TimeProvider.System);
        await using var ledger = new SqliteLedgerStore(LedgerFile, TimeProvider.System);
        foreach (var account in _accounts)
        {
            var revision = (await store.ReadAccountAsync(account, default))!.Revision;
            await Eventually.ValueAsync(
                () => ledger.ReadAccountAsync(account, default),
                books => books?.Position?.Revision == revision,
                $"the restarted writer has brought {account}'s books to revision {revision}",
                TimeSpan.FromSeconds(20));
        }

        var now = TimeProvider.System.GetUtcNow();
        var (since, until) = (now.AddDays(-1), now.AddDays(1));
        Assert.NotEmpty(acknowledged);
        foreach (var account in _accounts)
        {
            var hot = (await store.ReadAccountAsync(account, default))!;
            var books = (await ledger.ReadAccountAsync(account, default))!;
            Assert.Equal(hot.Account.WalletBalance, books.Balance);
            Assert.Equal(hot.Account with { WalletBalance = books.Balance }, books.Configuration);

            // Every order the ledger holds is the hot state's, as it is now; every active one and every acknowledged one is there.
            var recorded = await ReadAllOrdersAsync(ledger, account, since, until);
            Assert.Equal(recorded.Count, recorded.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
            foreach (var order in recorded)
            {
                Assert.Equal(ToMicroseconds((await store.ReadOrderAsync(account, order.Id, default))!), ToMicroseconds(order));
            }

            var ids = recorded.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            Assert.All(hot.ActiveOrders, o => Assert.Contains(o.Id, ids));
            Assert.All(acknowledged.Where(a => a.Account == account), a => Assert.Contains(a.OrderId, ids));
            Assert.Equal(
                hot.ActiveOrders.Where(o => o.OpenPrice is not null).OrderBy(o => o.Id, StringComparer.Ordinal).Select(ToMicroseconds),
                (await ledger.ReadOpenPositionsAsync(account, default)).OrderBy(o => o.Id, StringComparer.Ordinal).Select(ToMicroseconds));

            // Nothing twice: one fill per order, one close per closed order, one realised profit per close, and the
            // operations add up to the balance from nothing.
            var deals = await ledger.ReadDealsAsync(account, since, until, default);
            Assert.All(recorded, o => Assert.Single(deals, d => d.OrderId == o.Id && d.Kind == DealKind.Fill));
            Assert.All(recorded, o => Assert.Equal(OrderTypeRules.IsFinal(o.Status) ? 1 : 0, deals.Count(d => d.OrderId == o.Id && d.Kind == DealKind.Close)));
            var statement = await ledger.ReadStatementAsync(account, since, until, default);
            Assert.Equal((0m, hot.Account.WalletBalance), (statement.OpeningBalance, statement.ClosingBalance));
            Assert.All(
                recorded.Where(o => OrderTypeRules.IsFinal(o.Status)),
                o => Assert.Single(statement.Operations, op => op.OrderId == o.Id && op.Kind == BalanceOperationKind.RealisedProfit));
            Assert.Single(statement.Operations, op => op.Kind == BalanceOperationKind.Deposit);
        }
    }

    // The ledger keeps times to the microsecond (both databases); the hot state's quote times may hold ticks.
    private static Order ToMicroseconds(Order order) => order with
    {
        CreatedAt = Micro(order.CreatedAt),
        OpenedAt = order.OpenedAt is { } opened ? Micro(opened) : null,
        ClosedAt = order.ClosedAt is { } closed ? Micro(closed) : null,
        OpenQuote = order.OpenQuote is { } open ? Micro(open) : null,
        CloseQuote = order.CloseQuote is { } close ? Micro(close) : null,
    };

    private static QuoteLineage Micro(QuoteLineage quote) =>
        quote with { SourceTime = quote.SourceTime is { } source ? Micro(source) : null, ReceivedAt = Micro(quote.ReceivedAt) };

    private static DateTimeOffset Micro(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static async Task<List<Order>> ReadAllOrdersAsync(ILedgerStore ledger, AccountId account, DateTimeOffset since, DateTimeOffset until)
    {
        var orders = new List<Order>();
        var cursor = LedgerCursor.Start;
        while (true)
        {
            var page = await ledger.ReadOrdersAsync(account, since, until, cursor, 100, default);
            if (page.Count == 0)
            {
                return orders;
            }

            orders.AddRange(page.Select(p => p.Order));
            cursor = page[^1].Cursor;
        }
    }

    private static async Task StreamOrdersAsync(HttpClient http, AccountId account, ConcurrentBag<(AccountId, string)> acknowledged, CancellationToken stop)
    {
        var placed = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var order = await SendAsync(http, HttpMethod.Post, $"/api/trading/accounts/{account}/orders", new { symbol = "EURUSD", type = "BUY", volume = "0.01" }, stop);
                if (order?["order_id"]?.GetValue<string>() is not { } id)
                {
                    continue;
                }

                acknowledged.Add((account, id));
                if (placed++ % 2 == 0)
                {
                    await SendAsync(http, HttpMethod.Post, $"/api/trading/accounts/{account}/orders/{id}/close", new { }, stop);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The process died under the request: whether it committed is for the hot state to say.
        }
    }

    private static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string path, object body, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request, stop);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(stop)) : null;
    }

    /// <summary>
    /// Once enough orders are in, freezes the process (SIGSTOP) and looks at the clients' outboxes: with entries there the
    /// ledger has not taken yet, SIGKILL; otherwise lets it run a moment more. Returns the entries the kill left.
    /// </summary>
    private async Task<long> KillWithChangesInTheOutboxAsync(Func<int> acknowledged)
    {
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        await Eventually.UntilAsync(() => Task.FromResult(acknowledged() >= 30), "the clients have 30 orders acknowledged", TimeSpan.FromSeconds(30));
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            await SignalAsync("STOP");
            long depth = 0;
            foreach (var account in _accounts)
            {
                depth += await database.ListLengthAsync(RedisKeys.LedgerOutbox(account));
            }

            if (depth > 0)
            {
                await KillAsync();
                return depth;
            }

            // The writer was idle between passes: let the clients commit a few more changes and look again.
            await SignalAsync("CONT");
            var seen = acknowledged();
            await Eventually.UntilAsync(() => Task.FromResult(acknowledged() >= seen + Clients), "the clients have more orders acknowledged", TimeSpan.FromSeconds(10));
        }

        return 0;
    }

    private async Task StartMarketAsync(HttpClient http)
    {
        var hub = $"ws://{QuoteHubHost.GetBaseAddress(_hub).Authority}";
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"))
        {
            WorkingDirectory = _folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("market");
        var settings = DefaultFeeds.SettingsForQuoteHub(hub);
        settings["Market:Port"] = _port.ToString(CultureInfo.InvariantCulture);
        settings["Redis:Configuration"] = cluster.Cluster.Seeds;
        settings["Ledger:Enabled"] = "true";
        settings["Ledger:Provider"] = "sqlite";
        settings["Ledger:Path"] = LedgerFile;

        // Small pages keep the writer busy with passes while the orders stream.
        settings["Ledger:BatchSize"] = "20";
        foreach (var (key, value) in settings)
        {
            start.Environment["TICKWATCH_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _market = Process.Start(start)!;
        _market.OutputDataReceived += (_, e) => _console.Enqueue(e.Data ?? string.Empty);
        _market.ErrorDataReceived += (_, e) => _console.Enqueue(e.Data ?? string.Empty);
        _market.BeginOutputReadLine();
        _market.BeginErrorReadLine();
        await Eventually.UntilAsync(
            async () =>
            {
                Assert.False(_market.HasExited, "tickwatch market exited: " + string.Join(Environment.NewLine, _console));
                return await ReadyAsync(http);
            },
            $"tickwatch market (port {_port}) is ready and its prices fresh",
            TimeSpan.FromSeconds(60));
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            var data = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative)))!;
            var ledger = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/ledger", UriKind.Relative)))!;
            return data["data_freshness"]!["freshness_rate"]!.GetValue<double>() == 100 && ledger["writer_state"]!.GetValue<string>() == "running";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _market!.Id.ToString(CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
    }

    private async Task KillAsync()
    {
        if (_market is { HasExited: false })
        {
            _market.Kill(entireProcessTree: true);
            await _market.WaitForExitAsync();
        }

        _market?.Dispose();
        _market = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
