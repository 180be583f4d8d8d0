using System.Text;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests.OrderAnnouncements;

public sealed class OrderAnnouncementJsonUnitTests
{
    private static readonly AccountId Bob = new(UserType.Demo, 7);

    [Fact]
    public void An_announcement_is_compact_json_with_the_references_names_and_reads_back_exactly()
    {
        var closed = OrderAnnouncementsContract.Closed(Bob, "abc");

        var json = Encoding.UTF8.GetString(OrderAnnouncementJson.Write(closed));
        Assert.True(OrderAnnouncementJson.TryRead(Encoding.UTF8.GetBytes(json), out var read));

        Assert.Equal(
            """{"account":"demo:7","order_id":"abc","symbol":"EURUSD","type":"BUY","status":"STOPLOSS","volume":0.10,"price":1.08525,"close_price":1.07000,"stop_loss":1.07000,"take_profit":1.10000,"time":"2026-12-02T12:00:00.25+00:00","reason":"stop_out"}""",
            json);
        Assert.Equivalent(closed, read, strict: true);
    }

    [Fact]
    public void The_order_seq_travels_as_seq_and_is_absent_when_the_store_gave_none()
    {
        var numbered = OrderAnnouncementsContract.Closed(Bob, "abc") with { Seq = 9_007_199_254_740_993 };

        var json = Encoding.UTF8.GetString(OrderAnnouncementJson.Write(numbered));
        Assert.True(OrderAnnouncementJson.TryRead(Encoding.UTF8.GetBytes(json), out var read));
        var unnumbered = Encoding.UTF8.GetString(OrderAnnouncementJson.Write(numbered with { Seq = null }));

        Assert.EndsWith(""","seq":9007199254740993}""", json, StringComparison.Ordinal);
        Assert.Equal(9_007_199_254_740_993, read!.Seq);
        Assert.DoesNotContain("seq", unnumbered, StringComparison.Ordinal);
        Assert.False(OrderAnnouncementJson.TryRead(Encoding.UTF8.GetBytes(json.Replace("9007199254740993", "\"x\"", StringComparison.Ordinal)), out _));
    }

    [Fact]
    public void Fields_an_order_lacks_are_absent_not_zero()
    {
        var open = OrderAnnouncementsContract.Closed(Bob, "abc") with { Status = OrderStatus.Open, ClosePrice = null, StopLoss = null, TakeProfit = null, Reason = null };

        var json = Encoding.UTF8.GetString(OrderAnnouncementJson.Write(open));
        Assert.True(OrderAnnouncementJson.TryRead(Encoding.UTF8.GetBytes(json), out var read));

        Assert.DoesNotContain("close_price", json, StringComparison.Ordinal);
        Assert.DoesNotContain("reason", json, StringComparison.Ordinal);
        Assert.Equal((null, null, null, null), (read!.ClosePrice, read.StopLoss, read.TakeProfit, read.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":1,"time":"2026-12-02T12:00:00Z"}""")]
    [InlineData("""{"account":"nobody","order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":1,"time":"2026-12-02T12:00:00Z"}""")]
    [InlineData("""{"account":"demo:7","order_id":"a","symbol":"EURUSD","type":"HOLD","status":"OPEN","volume":1,"time":"2026-12-02T12:00:00Z"}""")]
    [InlineData("""{"account":"demo:7","order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":"1","time":"2026-12-02T12:00:00Z"}""")]
    [InlineData("""{"account":"demo:7","order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":1e400,"time":"2026-12-02T12:00:00Z"}""")]
    [InlineData("""{"account":"demo:7","order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":1,"time":"yesterday"}""")]
    [InlineData("""{"account":"demo:7","order_id":"a","symbol":"EURUSD","type":"BUY","status":"OPEN","volume":1}""")]
    public void Anything_but_a_whole_announcement_is_refused(string json)
    {
        Assert.False(OrderAnnouncementJson.TryRead(Encoding.UTF8.GetBytes(json), out var read));
        Assert.Null(read);
    }
}
