using System.Net;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Tests.Ledger;

/// <summary><c>GET /api/debug/ledger</c> on the running system with the SQLite ledger on: the writer drains the seed and an order, its figures are on /metrics too, and the file keeps them after the system stops.</summary>
public sealed class LedgerDebugEndpointTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-debug-" + Guid.NewGuid().ToString("N"));
    private RunningSystem? _system;

    private string File => Path.Combine(_folder, "ledger.db");

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Ledger:Enabled"] = "true", ["Ledger:Path"] = File });
        await _system.WaitUntilHealthyAsync();
    }

    private RunningSystem System => _system!;

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_writer_drains_the_seed_and_an_order_into_the_sqlite_file_and_the_route_shows_it()
    {
        var (status, order) = await System.PlaceOrderAsync("demo:1", new { symbol = "EURUSD", type = "BUY", volume = "0.10" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = order["order_id"]!.GetValue<string>();

        // The order itself in the books first: the figures alone could show the seed drained before the order came.
        await using (var reader = new SqliteLedgerStore(File, TimeProvider.System))
        {
            await Eventually.ValueAsync(
                () => reader.ReadOpenPositionsAsync(new AccountId(UserType.Demo, 1), default),
                positions => positions.Any(o => o.Id == id),
                "the writer has put the order in the ledger");
        }

        var ledger = await Eventually.ValueAsync(
            () => System.GetMarketJsonAsync("/api/debug/ledger"),
            l => l["outbox_depth"]!.GetValue<long>() == 0 && l["written"]!.GetValue<long>() >= 3,
            "the writer has drained the seed's accounts and the order");

        Assert.True(ledger["enabled"]!.GetValue<bool>());
        Assert.Equal("sqlite", ledger["provider"]!.GetValue<string>());
        Assert.Equal("SQLite " + File, ledger["database"]!.GetValue<string>());
        Assert.Equal(2, ledger["schema_version"]!.GetValue<int>());
        Assert.Equal("running", ledger["writer_state"]!.GetValue<string>());
        Assert.Equal(0, ledger["failures"]!.GetValue<long>());
        Assert.Empty(ledger["poison_entries"]!.AsArray());
        Assert.Equal(0, ledger["lag_ms"]!.GetValue<double>());

        // The same figures on /metrics, for the alerts.
        var metrics = await System.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_ledger_lag_seconds(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_ledger_outbox_depth(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_ledger_poison_entries(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_ledger_failures_total(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_ledger_duplicates_total(\{\})? \d", metrics);
        Assert.Matches(@"tickwatch_ledger_written_total(\{\})? [1-9]", metrics);
        Assert.Matches(@"tickwatch_ledger_writer_state\{state=""running""\} 1", metrics);
        Assert.Matches(@"tickwatch_ledger_writer_state\{state=""refused""\} 0", metrics);

        // The books outlive the process: a demo restarted on the same file finds them.
        await System.DisposeAsync();
        _system = null;
        await using var books = new SqliteLedgerStore(File, TimeProvider.System);
        Assert.Equal([id], (await books.ReadOpenPositionsAsync(new AccountId(UserType.Demo, 1), default)).Select(o => o.Id));
    }
}
