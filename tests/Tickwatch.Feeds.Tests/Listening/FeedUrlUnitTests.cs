using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

public sealed class FeedUrlUnitTests
{
    [Fact]
    public void The_token_is_added_as_an_escaped_query_parameter()
    {
        var url = FeedUrl.WithToken(new Uri("ws://hub:9001/ws/json"), "a b/c+d");

        Assert.Equal("ws://hub:9001/ws/json?token=a%20b%2Fc%2Bd", url.AbsoluteUri);
    }

    [Fact]
    public void An_existing_query_is_kept()
    {
        var url = FeedUrl.WithToken(new Uri("wss://hub/ws?format=json"), "t0k");

        Assert.Equal("wss://hub/ws?format=json&token=t0k", url.AbsoluteUri);
    }

    [Fact]
    public void Without_a_token_the_url_is_unchanged()
    {
        var original = new Uri("ws://hub:9001/ws/json");

        Assert.Same(original, FeedUrl.WithToken(original, null));
        Assert.Equal("ws://hub:9001/ws/json", FeedUrl.Redact(original, null));
    }

    [Theory]
    [InlineData("ws://hub:9001/ws?token=s3cret", "ws://hub:9001/ws?token=***")]
    [InlineData("ws://hub:9001/ws?a=1&Token=s3cret&b=2", "ws://hub:9001/ws?a=***&Token=***&b=***")]
    [InlineData("wss://hub/ws?apikey=k3y&session=abc", "wss://hub/ws?apikey=***&session=***")]
    [InlineData("ws://user:s3cret@hub:9001/ws", "ws://***@hub:9001/ws")]
    public void Redaction_hides_every_query_value_and_user_info(string url, string expected)
    {
        Assert.Equal(expected, FeedUrl.Redact(new Uri(url), "s3cret"));
    }

    [Fact]
    public void The_token_is_scrubbed_from_other_text_raw_or_escaped()
    {
        const string token = "a b/c";

        Assert.Equal("failed for *** and ***", FeedUrl.Scrub("failed for a b/c and a%20b%2Fc", token));
        Assert.Equal("untouched", FeedUrl.Scrub("untouched", null));
    }
}
