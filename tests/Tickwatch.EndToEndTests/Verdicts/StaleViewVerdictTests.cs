using System.Globalization;
using System.Net;
using Tickwatch.Testing;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>
/// The stale view verdict end to end: the client orders on a price it was shown longer ago than Forensics:StaleView,
/// on a frozen symbol, so the engine acts on that very price and the view's age alone explains the complaint.
/// </summary>
public sealed class StaleViewVerdictTests(StaleViewVerdictSystem system) : IClassFixture<StaleViewVerdictSystem>, IAsyncLifetime
{
    private const string Eurusd = "EURUSD";
    private const string Account = "demo:1";

    private readonly VerdictHarness _harness = system.Harness;

    public Task InitializeAsync() => _harness.ResetAsync((Eurusd, 0.00001m));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_order_on_a_price_shown_longer_ago_than_the_stale_view_limit_is_a_stale_view()
    {
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        var shown = await _harness.FreezeAsync(Eurusd, client);
        // The client takes its time: it orders once the price it read was shown longer ago than the limit.
        await Eventually.UntilAsync(() => TimeProvider.System.GetUtcNow() - shown.SentAt > StaleViewVerdictSystem.StaleView, "the price shown is older than Forensics:StaleView");

        var (status, order) = await _harness.OrderAsync(
            Account, new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = shown.Ask, seen_sequence = shown.Sequence, max_deviation = 10 * VerdictHarness.Pip });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {order.ToJsonString()}");
        var report = await _harness.OrderForensicsAsync(order["order_id"]!.GetValue<string>(), shown.Sequence);
        var decision = report["decisions"]![0]!;

        VerdictAssert.Findings(decision, "stale_view", "spread_markup");
        VerdictAssert.Shown(shown, decision["view"]!);
        VerdictAssert.Quote(shown, decision["quote"]!);
        Assert.Equal(shown.Ask + VerdictHarness.HalfSpread, decision["executed_price"]!.GetValue<decimal>());

        // A price already old when it was sent is stale for that; else for the time from showing it to the order.
        var decidedAt = decision["decided_at"]!.GetValue<DateTimeOffset>();
        var sentAt = decision["view"]!["sent_at"]!.GetValue<DateTimeOffset>();
        var explanation = VerdictAssert.Explanation(decision);
        var age = TimeSpan.FromTicks((long)(shown.AgeMs * TimeSpan.TicksPerMillisecond));
        if (age >= StaleViewVerdictSystem.StaleView)
        {
            Assert.Equal($"the price shown was already {Seconds(sentAt - shown.ReceivedAt)} old when sent: stale view", explanation);
        }
        else
        {
            Assert.True(decidedAt - sentAt >= StaleViewVerdictSystem.StaleView, decision.ToJsonString());
            Assert.Equal($"the price was shown {Seconds(decidedAt - sentAt)} before the order: stale view", explanation);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
