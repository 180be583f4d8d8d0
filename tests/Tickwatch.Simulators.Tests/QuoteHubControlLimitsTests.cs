using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Simulators.Tests.Support;

namespace Tickwatch.Simulators.Tests;

/// <summary>The control API of a real hub takes JSON bodies only, of a few KiB at most, and keeps a bounded number of faults.</summary>
public sealed class QuoteHubControlLimitsTests
{
    private const string Freeze = """{"kind":"freeze","symbol":"EURUSD","duration_ms":60000}""";

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_json_is_refused_with_415(string? contentType)
    {
        await using var hub = await RunningHub.StartAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Freeze));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await hub.Http.PostAsync("/control/faults", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", (string?)(await ProblemAsync(response))["detail"], StringComparison.Ordinal);
        Assert.Empty(hub.Engine.ListFaults());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_its_length_is_announced_or_not(bool chunked)
    {
        await using var hub = await RunningHub.StartAsync();
        var big = Freeze[..^1] + ",\"padding\":\"" + new string('x', 10_000) + "\"}";
        using var content = new StringContent(big, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/control/faults") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await hub.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Body too large", (string?)(await ProblemAsync(response))["title"]);
        Assert.Empty(hub.Engine.ListFaults());
    }

    [Fact]
    public async Task One_fault_beyond_the_cap_is_refused_with_409_until_one_is_cleared()
    {
        await using var hub = await RunningHub.StartAsync(o => o.MaxActiveFaults = 3);
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await hub.PostRawAsync("/control/faults", Freeze);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        using var refused = await hub.PostRawAsync("/control/faults", Freeze);
        var problem = await ProblemAsync(refused);
        using var cleared = await hub.Http.DeleteAsync($"/control/faults/{hub.Engine.ListFaults()[0].Id}");
        using var again = await hub.PostRawAsync("/control/faults", Freeze);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Too many active faults", (string?)problem["title"]);
        Assert.Contains("QuoteHub:MaxActiveFaults", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(3, hub.Engine.ListFaults().Count);
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
