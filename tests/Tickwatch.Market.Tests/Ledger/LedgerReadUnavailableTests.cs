using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Ledger;

/// <summary>The ledger's read routes when there is no ledger to read: off, or a database that does not answer. A 503 problem, counted; the service keeps running.</summary>
public sealed class LedgerReadUnavailableTests
{
    [Fact]
    public async Task A_ledger_that_is_off_answers_503_with_its_reason()
    {
        await using var system = await RunningSystem.StartAsync();

        var problem = await ReadAsync(system, "/api/trading/accounts/demo:1/history");

        Assert.Equal("LEDGER_UNAVAILABLE", problem["reason"]!.GetValue<string>());
        Assert.Contains("Ledger:Enabled", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_a_503_and_the_service_keeps_answering()
    {
        // Port 1 on loopback refuses at once: the database is down.
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            ["Ledger:Enabled"] = "true",
            ["Ledger:Provider"] = "postgresql",
            ["Ledger:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=tickwatch;Username=tickwatch;Timeout=2",
        });

        var problem = await ReadAsync(system, "/api/trading/accounts/demo:1/statement");
        await ReadAsync(system, "/api/trading/accounts/demo:1/deals");

        Assert.Equal("LEDGER_UNAVAILABLE", problem["reason"]!.GetValue<string>());
        Assert.DoesNotContain("Username", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // The service answers its other routes; the demo seed waits for a ledger it cannot read (it never seeds over one).
        var ledger = await system.GetMarketJsonAsync("/api/debug/ledger");
        Assert.True(ledger["enabled"]!.GetValue<bool>());
        Assert.Equal("postgresql", ledger["provider"]!.GetValue<string>());
        var metrics = await system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("tickwatch_ledger_reads_total{outcome=\"unavailable\",route=\"statement\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(system.Errors.Entries, e => e.Contains("LedgerReadFailed", StringComparison.Ordinal) || e.Contains("Ledger read statement", StringComparison.Ordinal));
    }

    private static async Task<JsonNode> ReadAsync(RunningSystem system, string path)
    {
        using var response = await system.MarketHttp.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
