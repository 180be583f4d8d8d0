using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Tests.ProviderLink;

namespace Tickwatch.Trading.Tests.AutoCutoff;

/// <summary>A provider-routed account's stop-out taking over a close another instance committed under its fence and died before sending.</summary>
public sealed class AutoCutoffProviderUnitTests : IAsyncLifetime
{
    private static readonly AccountId Alice = CutoffDesk.Alice;
    private readonly RecordingProviderLink _link = new();
    private readonly CutoffDesk _desk;

    public AutoCutoffProviderUnitTests() => _desk = new CutoffDesk(provider: _link);

    public Task InitializeAsync() => _desk.OpenAsync(route: ExecutionRoute.Provider);

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_close_committed_by_a_dead_liquidator_and_never_sent_is_sent_again_under_its_cl_ord_id_and_the_stop_out_finishes()
    {
        _desk.Equity(180m);

        // The dead instance: its close committed under its fence (provider_request on the order), then lost with the process before the wire.
        var dead = (await _desk.Locks.TryLockStopOutAsync(Alice, "dead", TimeSpan.FromSeconds(4), default))!;
        var committed = await _desk.Engine.CloseForStopOutAsync(Alice, _desk.EurUsd, dead, null, default);
        Assert.True(committed.RequestedAtProvider, committed.Detail);
        var clientOrderId = committed.Order!.ProviderRequest!.ClientOrderId(_desk.EurUsd);
        _link.Sent.Clear();
        _desk.Time.Advance(TimeSpan.FromSeconds(5));
        _desk.Equity(180m);

        var watcher = _desk.Watcher(owner: "survivor");
        var (portfolio, account) = await _desk.PortfolioAsync();
        watcher.OnPortfolio(portfolio, account, _desk.Time.GetUtcNow());
        await Eventually.UntilAsync(() => !_link.Sent.IsEmpty, "the survivor has sent the outstanding close");
        await _desk.FillAsync(Alice, _desk.EurUsd, 1.08100m, clientOrderId);

        // The calculator's next portfolio wakes the stop-out waiting on the report.
        await _desk.FeedAsync(watcher);

        var resent = Assert.Single(_link.Sent);
        Assert.Equal((clientOrderId, _desk.EurUsd), (resent.ClientOrderId, resent.OrderId));
        Assert.IsType<CloseRequest>(resent);
        Assert.Equal((OrderStatus.Closed, "stop_out"), ((await _desk.OrderAsync(_desk.EurUsd)).Status, (await _desk.OrderAsync(_desk.EurUsd)).CloseReason));
        Assert.Equal(OrderStatus.Open, (await _desk.OrderAsync(_desk.GbpUsd)).Status);
        Assert.Null(await _desk.Locks.ReadStopOutLockAsync(Alice, default));
        Assert.Equal(0, watcher.ProviderCloseCounts()["requested"]);
    }
}
