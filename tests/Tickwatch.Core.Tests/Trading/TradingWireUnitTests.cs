using Tickwatch.Core.Trading;

namespace Tickwatch.Core.Tests.Trading;

public sealed class TradingWireUnitTests
{
    [Theory]
    [InlineData("live:42", UserType.Live, 42L)]
    [InlineData("demo:7", UserType.Demo, 7L)]
    [InlineData("strategy_provider:3", UserType.StrategyProvider, 3L)]
    [InlineData("copy_follower:9000000001", UserType.CopyFollower, 9_000_000_001L)]
    public void Account_ids_read_and_write_the_reference_form(string text, UserType type, long number)
    {
        Assert.True(AccountId.TryParse(text, out var id));
        Assert.Equal(new AccountId(type, number), id);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("live")]
    [InlineData("live:")]
    [InlineData("live:0")]
    [InlineData("live:-4")]
    [InlineData("live:4x")]
    [InlineData("gold:4")]
    [InlineData(":4")]
    public void Malformed_account_ids_are_refused(string text)
    {
        Assert.False(AccountId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => AccountId.Parse(text));
    }

    [Fact]
    public void Every_status_type_route_and_refusal_round_trips_its_wire_name()
    {
        Assert.All(Enum.GetValues<OrderStatus>(), s => Assert.True(TradingWire.TryParseOrderStatus(TradingWire.Of(s), out var back) && back == s));
        Assert.All(Enum.GetValues<OrderType>(), t => Assert.True(TradingWire.TryParseOrderType(TradingWire.Of(t), out var back) && back == t));
        Assert.All(Enum.GetValues<RefusalReason>(), r => Assert.True(TradingWire.TryParseRefusal(TradingWire.Of(r), out var back) && back == r));
        Assert.All(Enum.GetValues<ExecutionRoute>(), r => Assert.True(TradingWire.TryParseRoute(TradingWire.Of(r), out var back) && back == r));
        Assert.All(Enum.GetValues<AccountStatus>(), s => Assert.True(TradingWire.TryParseAccountStatus(TradingWire.Of(s), out var back) && back == s));
        Assert.Equal("PENDING-QUEUED", TradingWire.Of(OrderStatus.PendingQueued));
        Assert.Equal("STALE_PRICE", TradingWire.Of(RefusalReason.StalePrice));
    }
}
