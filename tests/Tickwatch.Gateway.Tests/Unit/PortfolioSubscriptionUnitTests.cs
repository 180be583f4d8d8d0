using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>
/// Who may follow the portfolio channel (the token's own account, and only a token that names one) and what one client
/// may hold of it: the latest portfolio, and a bounded number of order changes.
/// </summary>
public sealed class PortfolioSubscriptionUnitTests : IAsyncDisposable
{
    private static readonly StreamCommand Subscribe = new(StreamCommandKind.SubscribePortfolio, []);
    private static readonly StreamCommand Unsubscribe = new(StreamCommandKind.UnsubscribePortfolio, []);

    private readonly FakeTimeProvider _time = new(AccountChanges.At);
    private readonly SharedPrices _prices;
    private readonly LivePriceStream _hub;

    public PortfolioSubscriptionUnitTests()
    {
        _prices = new SharedPrices(_time);
        _hub = new LivePriceStream(
            _prices.Store,
            _prices.Hub,
            _prices.Portfolios,
            _prices.Orders,
            _prices.Symbols,
            _time,
            Options.Create(new StreamOptions()),
            Options.Create(new GatewayOptions()),
            Options.Create(new JwtOptions()),
            NullLogger<LivePriceStream>.Instance);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Theory]
    [InlineData("live:42", "live:42")]
    [InlineData("copy_follower:9", "copy_follower:9")]
    [InlineData("anonymous", null)]
    [InlineData("live:alice", null)]
    [InlineData("broker:1", null)]
    public void A_session_follows_the_account_its_token_names_or_none(string user, string? account)
    {
        using var session = Session(user);

        Assert.Equal(account, session.Account?.ToString());
    }

    [Fact]
    public async Task A_token_without_an_account_is_refused_and_counted_and_its_session_follows_nothing()
    {
        using var session = Session("anonymous");

        await _hub.HandleAsync(session, Subscribe, default);

        Assert.False(session.PortfolioSubscribed);
        Assert.Equal((1, 0), (_hub.Statistics.PortfolioRefused, _hub.PortfolioSubscribers));
    }

    [Fact]
    public async Task A_session_follows_its_own_account_once_however_often_it_subscribes_until_it_unsubscribes()
    {
        using var session = Session("live:42");

        await _hub.HandleAsync(session, Subscribe, default);
        await _hub.HandleAsync(session, Subscribe, default);
        var following = (session.PortfolioSubscribed, _hub.PortfolioSubscribers, _hub.PortfolioAccounts);
        await _hub.HandleAsync(session, Unsubscribe, default);

        Assert.Equal((true, 1, 1), following);
        Assert.Equal((false, 0, 0), (session.PortfolioSubscribed, _hub.PortfolioSubscribers, _hub.PortfolioAccounts));
    }

    [Fact]
    public void A_client_that_does_not_read_holds_only_the_latest_portfolio()
    {
        using var session = Session("live:42");
        IAccountStreamClient client = session;

        for (var i = 1; i <= 3; i++)
        {
            client.OfferPortfolio(AccountMessages.Portfolio(AccountChanges.Valued(new AccountId(UserType.Live, 42), i)));
        }

        Assert.Equal(2, session.PortfoliosConflated);
    }

    [Fact]
    public void A_slot_sends_the_newest_portfolio_put_in_it_once()
    {
        using var session = Session("live:42");
        var slot = new PortfolioSlot(session);
        var older = AccountMessages.Portfolio(AccountChanges.Valued(new AccountId(UserType.Live, 42), 1));
        var newer = AccountMessages.Portfolio(AccountChanges.Valued(new AccountId(UserType.Live, 42), 2));
        var written = new ArrayBufferWriter<byte>();

        var firstPut = slot.Put(older);
        var replaced = slot.Put(newer);
        var wrote = slot.TryWrite(written, _time.GetUtcNow());
        var again = slot.TryWrite(new ArrayBufferWriter<byte>(), _time.GetUtcNow());

        Assert.Null(firstPut);
        Assert.Same(older, replaced);
        Assert.True(wrote);
        Assert.Equal(newer.Json, written.WrittenSpan.ToArray());
        Assert.False(again);
        Assert.Equal(1, session.PortfoliosSent);
    }

    [Fact]
    public void A_client_that_lets_order_changes_pile_up_is_closed_as_too_slow_not_quietly_skipped()
    {
        using var session = Session("live:42");
        IAccountStreamClient client = session;

        for (var i = 0; i < ClientSession.MaxPendingOrders; i++)
        {
            client.OfferOrder("{}"u8.ToArray());
        }

        var before = session.CloseReason;
        client.OfferOrder("{}"u8.ToArray());

        Assert.Null(before);
        Assert.Equal($"too slow: {ClientSession.MaxPendingOrders} order changes waited to be sent", session.CloseReason);
        Assert.Equal(1, _hub.Statistics.ClientsDroppedSlow);
    }

    // A session on a socket over nothing: its send loop never runs, so what it is offered stays waiting.
    private ClientSession Session(string user) =>
        _hub.Open(WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }), user, "test");
}
