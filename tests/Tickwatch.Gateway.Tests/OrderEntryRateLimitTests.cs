using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tickwatch.Gateway.OrderEntry;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>The order entry group's rate limit, per client; the order endpoints themselves come with the trading engine, so a test endpoint stands in.</summary>
public sealed class OrderEntryRateLimitTests : IAsyncLifetime
{
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:OrderEntry:BurstLimit"] = "3",
                ["Gateway:OrderEntry:TokensPerPeriod"] = "1",
                ["Gateway:OrderEntry:ReplenishPeriod"] = "01:00:00",
                ["Gateway:OrderEntry:ReadBurstLimit"] = "2",
                ["Gateway:OrderEntry:ReadTokensPerPeriod"] = "1",
            },
            map: app =>
            {
                var group = app.MapOrderEntry();
                group.MapPost("/test-only", () => TypedResults.Ok(new { accepted = true }));
                group.MapGet("/test-only", () => TypedResults.Ok(new { read = true }));
            });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_client_over_its_burst_gets_429_with_retry_after_while_another_client_is_served()
    {
        var alice = _gateway.Token(user: "1");
        var bob = _gateway.Token(user: "2");

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await PostAsync(alice);
            first.Add(ok.StatusCode);
        }

        using var refused = await PostAsync(alice);
        using var other = await PostAsync(bob);

        Assert.All(first, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a delay");
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("Too many orders", problem["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Reads_and_order_actions_have_buckets_of_their_own()
    {
        var carol = _gateway.Token(user: "3");
        for (var i = 0; i < 3; i++)
        {
            using var sent = await PostAsync(carol);
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        using var orderRefused = await PostAsync(carol);
        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var read = await SendAsync(HttpMethod.Get, carol);
            reads.Add(read.StatusCode);
        }

        using var readRefused = await SendAsync(HttpMethod.Get, carol);

        Assert.Equal(HttpStatusCode.TooManyRequests, orderRefused.StatusCode);
        Assert.All(reads, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, readRefused.StatusCode);
        Assert.True(readRefused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a delay");
        var problem = JsonNode.Parse(await readRefused.Content.ReadAsStringAsync())!;
        Assert.Equal("Too many reads", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Order_entry_needs_a_client_token()
    {
        using var response = await PostAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string? token) => SendAsync(HttpMethod.Post, token);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? token)
    {
        using var request = new HttpRequestMessage(method, new Uri(OrderEntryRoutes.Prefix + "/test-only", UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _gateway.Http.SendAsync(request);
    }
}
