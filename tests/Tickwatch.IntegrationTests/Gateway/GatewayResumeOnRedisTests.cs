using System.Globalization;
using System.Text.Json.Nodes;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.IntegrationTests.Gateway;

/// <summary>
/// Order events by number on a real Redis Cluster: a commit whose announcement never came (its publisher died between
/// commit and SPUBLISH) is filled by the gateway from <c>order_events:{live:N}</c>, and a client that reconnects with
/// <c>since_seq</c> is sent what it missed.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class GatewayResumeOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unannounced_commit_is_filled_from_the_order_events_and_a_resuming_client_is_sent_what_it_missed()
    {
        var account = TradingStoreContract.NewAccountId();
        var store = new RedisTradingStore(cluster.Connection);
        var events = new RedisOrderEventStream(cluster.Connection);
        var announcements = new RedisOrderAnnouncements(cluster.Connection);
        await store.PutAccountAsync(TradingStoreContract.AccountOf(account), default);
        var revision = (await store.ReadAccountAsync(account, default))!.Revision;
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = cluster.Cluster.Seeds });
        var token = gateway.Token(user: account.Number.ToString(CultureInfo.InvariantCulture), userType: "live");
        await using var live = await gateway.ConnectStreamAsync(token);
        await live.SendAsync(new { type = "subscribe", channel = "portfolio" });
        await live.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        await Eventually.ValueAsync(() => gateway.GetJsonAsync("/api/debug/streams"), r => r["portfolio"]!["subscribers"]!.GetValue<int>() == 1, "the client follows its account");

        async Task<OrderAnnouncement> CommitAsync(string orderId, OrderStatus status)
        {
            var outcome = await store.CommitAsync(
                new AccountCommit { Account = account, ExpectedRevision = revision, Orders = [TradingStoreContract.OrderOf(account, orderId, status)] }, default);
            Assert.Equal(CommitStatus.Committed, outcome.Status);
            revision = outcome.Revision;
            return Assert.Single((await events.ReadSinceAsync(account, outcome.FirstOrderSeq!.Value - 1, 1, default)).Events);
        }

        await announcements.PublishAsync(await CommitAsync("r1", OrderStatus.Open), default);
        await CommitAsync("r2", OrderStatus.Open);
        await CommitAsync("r1", OrderStatus.Closed);
        await announcements.PublishAsync(await CommitAsync("r3", OrderStatus.Open), default);
        var heard = new List<JsonObject>();
        await live.ReceiveUntilAsync(m => m["order"]?["seq"]?.GetValue<long>() == 4, "the fourth order event", heard.Add);

        await using var resumed = await gateway.ConnectStreamAsync(token);
        await resumed.SendAsync(new { type = "subscribe", channel = "portfolio", since_seq = 2 });
        var replayed = new List<JsonObject>();
        await resumed.ReceiveUntilAsync(m => m["order"]?["seq"]?.GetValue<long>() == 4, "the missed events", replayed.Add);

        var orders = heard.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], orders.Select(o => o["seq"]!.GetValue<long>()));
        Assert.Equal(["r1", "r2", "r1", "r3"], orders.Select(o => o["order_id"]!.GetValue<string>()));
        Assert.Equal("CLOSED", orders[2]["status"]!.GetValue<string>());
        Assert.Equal([3L, 4L], replayed.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!["seq"]!.GetValue<long>()));
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal((1L, 1L, 0L), (report["portfolio"]!["order_gaps_filled"]!.GetValue<long>(), report["portfolio"]!["resumes_replayed"]!.GetValue<long>(), report["portfolio"]!["resumes_reset"]!.GetValue<long>()));
    }
}
