using System.Text;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

public sealed class StreamCommandUnitTests
{
    [Fact]
    public void A_subscribe_command_names_its_symbols_upper_cased_once_each()
    {
        Assert.True(Parse("""{"type":"subscribe","symbols":["eurusd","GBPUSD","EURUSD"]}""", out var command, out _));

        Assert.Equal(StreamCommandKind.Subscribe, command!.Kind);
        Assert.Equal(["EURUSD", "GBPUSD"], command.Symbols);
    }

    [Theory]
    [InlineData("""{"type":"ping"}""", StreamCommandKind.Ping)]
    [InlineData("""{"type":"unsubscribe","symbols":[]}""", StreamCommandKind.Unsubscribe)]
    public void Ping_and_unsubscribe_are_understood(string json, StreamCommandKind kind)
    {
        Assert.True(Parse(json, out var command, out _));
        Assert.Equal(kind, command!.Kind);
    }

    [Theory]
    [InlineData("""{"type":"subscribe","channel":"portfolio"}""", StreamCommandKind.SubscribePortfolio)]
    [InlineData("""{"type":"unsubscribe","channel":"portfolio"}""", StreamCommandKind.UnsubscribePortfolio)]
    public void The_portfolio_channel_is_subscribed_by_name_and_names_no_account(string json, StreamCommandKind kind)
    {
        Assert.True(Parse(json, out var command, out _));
        Assert.Equal(kind, command!.Kind);
        Assert.Empty(command.Symbols);
    }

    [Theory]
    [InlineData("""{"type":"subscribe","channel":"portfolio","since_seq":0}""", 0L)]
    [InlineData("""{"type":"subscribe","channel":"portfolio","since_seq":9007199254740993}""", 9_007_199_254_740_993L)]
    [InlineData("""{"type":"subscribe","channel":"portfolio"}""", null)]
    public void A_portfolio_subscribe_may_resume_after_the_last_order_event_the_client_holds(string json, long? since)
    {
        Assert.True(Parse(json, out var command, out _));
        Assert.Equal((StreamCommandKind.SubscribePortfolio, since), (command!.Kind, command.SinceSeq));
    }

    [Theory]
    [InlineData("nope", "not JSON")]
    [InlineData("[1]", "a message is an object")]
    [InlineData("""{"symbols":["EURUSD"]}""", "a message is an object")]
    [InlineData("""{"type":"buy"}""", "unknown type")]
    [InlineData("""{"type":"subscribe"}""", "\"symbols\" must be an array")]
    [InlineData("""{"type":"subscribe","symbols":"EURUSD"}""", "\"symbols\" must be an array")]
    [InlineData("""{"type":"subscribe","symbols":[1]}""", "\"symbols\" must hold only non-empty strings")]
    [InlineData("""{"type":"subscribe","symbols":[""]}""", "\"symbols\" must hold only non-empty strings")]
    [InlineData("""{"type":"subscribe","symbols":[[[[["x"]]]]]}""", "not JSON")]
    [InlineData("""{"type":"subscribe","channel":"orders"}""", "unknown channel: the stream has \"portfolio\"")]
    [InlineData("""{"type":"subscribe","channel":"PORTFOLIO"}""", "unknown channel")]
    [InlineData("""{"type":"subscribe","channel":["portfolio"]}""", "unknown channel")]
    [InlineData("""{"type":"subscribe","channel":"portfolio","symbols":["EURUSD"]}""", "send \"symbols\" or \"channel\", not both")]
    [InlineData("""{"type":"subscribe","channel":"portfolio","since_seq":-1}""", "\"since_seq\" must be the number of the last order event")]
    [InlineData("""{"type":"subscribe","channel":"portfolio","since_seq":"12"}""", "\"since_seq\" must be the number")]
    [InlineData("""{"type":"subscribe","channel":"portfolio","since_seq":1.5}""", "\"since_seq\" must be the number")]
    [InlineData("""{"type":"unsubscribe","channel":"portfolio","since_seq":3}""", "\"since_seq\" goes with a subscribe")]
    [InlineData("""{"type":"subscribe","symbols":["EURUSD"],"since_seq":3}""", "\"since_seq\" goes with {")]
    public void A_bad_message_is_refused_with_words_fit_to_send_back(string json, string error)
    {
        Assert.False(Parse(json, out _, out var message));
        Assert.StartsWith(error, message, StringComparison.Ordinal);
    }

    private static bool Parse(string json, out StreamCommand? command, out string? error) =>
        StreamCommand.TryParse(Encoding.UTF8.GetBytes(json), out command, out error);
}
