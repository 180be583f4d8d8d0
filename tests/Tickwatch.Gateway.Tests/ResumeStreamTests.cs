using System.Text.RegularExpressions;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Gateway.Tests;

/// <summary>A resume over a real WebSocket: <c>since_seq</c> on the portfolio channel, its replay or reset, and both counted in <c>/metrics</c>.</summary>
public sealed class ResumeStreamTests
{
    private static readonly AccountId Alice = new(UserType.Live, 42);

    [Fact]
    public async Task A_resume_is_replayed_or_reset_over_the_socket_and_counted_by_outcome()
    {
        var prices = new SharedPrices();
        var store = new InMemoryTradingStore(orderEventsRetained: 10);
        await store.PutAccountAsync(new() { Id = Alice, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        var revision = (await store.ReadAccountAsync(Alice, default))!.Revision;
        for (var i = 1; i <= 20; i++)
        {
            var order = new Order
            {
                Id = "o" + i,
                Account = Alice,
                Symbol = "EURUSD",
                Type = OrderType.Buy,
                Status = OrderStatus.Open,
                Volume = 0.10m,
                Group = "Standard",
                Route = ExecutionRoute.Local,
                CreatedAt = AccountChanges.At,
                OpenPrice = 1.08525m,
                OpenedAt = AccountChanges.At,
            };
            revision = (await store.CommitAsync(new AccountCommit { Account = Alice, ExpectedRevision = revision, Orders = [order] }, default)).Revision;
        }

        var shared = new GatewaySharedServices(prices.Store, prices.Hub, prices.Symbols, prices.Portfolios, prices.Orders, store);
        await using var gateway = await RunningGateway.StartAsync(shared: shared);
        var token = gateway.Token(user: "42", userType: "live");
        await using var recent = await gateway.ConnectStreamAsync(token);
        await using var old = await gateway.ConnectStreamAsync(token);

        await recent.SendAsync(new { type = "subscribe", channel = "portfolio", since_seq = 17 });
        var replayed = new List<long>();
        await recent.ReceiveUntilAsync(
            m => m["order"]?["seq"]?.GetValue<long>() == 20, "the three missed events", m => replayed.Add(m["order"]?["seq"]?.GetValue<long>() ?? 0));
        await old.SendAsync(new { type = "subscribe", channel = "portfolio", since_seq = 3 });
        var reset = await old.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "orders_reset", "orders_reset");
        var metrics = await Eventually.ValueAsync(
            async () => await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync(),
            text => Resumes(text, "replayed") == 1 && Resumes(text, "reset") == 1,
            "both resumes counted");

        Assert.Equal([18L, 19L, 20L], replayed.Where(s => s > 0));
        Assert.Equal("""{"type":"orders_reset","seq":20}""", reset.ToJsonString());
        Assert.Contains("tickwatch_gateway_stream_resumes_total", metrics, StringComparison.Ordinal);
    }

    private static int Resumes(string metrics, string outcome)
    {
        var match = Regex.Match(metrics, "^tickwatch_gateway_stream_resumes_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\d+)", RegexOptions.Multiline);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
