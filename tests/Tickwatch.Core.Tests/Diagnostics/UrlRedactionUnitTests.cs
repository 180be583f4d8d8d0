using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Core.Tests.Diagnostics;

public sealed class UrlRedactionUnitTests
{
    [Theory]
    [InlineData("http://market:8000/health/ready", "http://market:8000/health/ready")]
    [InlineData("wss://hub/ws?token=t&apikey=k&flag", "wss://hub/ws?token=***&apikey=***&flag")]
    [InlineData("http://ops:pa55@market:8000/?a=1#top", "http://***@market:8000/?a=***#top")]
    [InlineData("/api/stream?access_token=eyJ.x.y", "/api/stream?access_token=***")]
    [InlineData("not a url?secret=1", "not a url?secret=***")]
    public void Every_query_value_and_user_info_is_replaced(string url, string expected)
    {
        Assert.Equal(expected, UrlRedaction.Redact(url));
    }
}
