using System.Globalization;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>The stream's limits over real WebSockets: streams per user, command rate, token lifetime; each closes with code 1008 and a reason, counted.</summary>
public sealed class StreamLimitsTests
{
    [Fact]
    public async Task One_stream_more_than_its_user_may_open_is_closed_with_the_reason_and_a_close_or_an_abort_gives_its_place_back()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:MaxConnectionsPerUser"] = "2" }, shared: prices.Services);
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        var token = gateway.Token(user: "7");
        await using var first = await gateway.ConnectStreamAsync(token);
        await using var second = await gateway.ConnectStreamAsync(token);
        await using var third = await gateway.ConnectStreamAsync(token);
        var refused = await third.ReceiveAsync();
        await using var fourth = await gateway.ConnectStreamAsync(token);
        await fourth.ReceiveAsync();
        await using var otherUser = await gateway.ConnectStreamAsync(gateway.Token(user: "8"));
        await otherUser.SendAsync(new { type = "ping" });
        var pong = await otherUser.ReceiveAsync();

        Assert.Null(refused);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, third.CloseStatus);
        Assert.Equal("too many streams for this user: at most 2 at once", third.CloseReason);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, fourth.CloseStatus);
        Assert.Equal("pong", pong!["type"]!.GetValue<string>());
        Assert.Equal(2, hub.StreamsOf("live:7"));

        // Logged once for the two refusals (at most a line a minute), counted by reason.
        Assert.Single(gateway.Errors.Entries, e => e.Contains("Stream connection of live:7 refused", StringComparison.Ordinal));
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal(2, report["clients_refused_per_user"]!.GetValue<long>());
        Assert.Equal(0, report["clients_refused"]!.GetValue<long>());
        var metrics = await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(2, Sample(metrics, "tickwatch_gateway_stream_clients_refused_total", "max_connections_per_user"));
        Assert.Equal(0, Sample(metrics, "tickwatch_gateway_stream_clients_refused_total", "max_clients"));

        // A client that closes, and one that drops the connection without a close, each give their place back.
        await first.DisposeAsync();
        await Eventually.UntilAsync(() => hub.StreamsOf("live:7") == 1, "the closed stream's place is given back");
        second.Abort();
        await Eventually.UntilAsync(() => hub.StreamsOf("live:7") == 0, "the aborted stream's place is given back");
        await using var again = await gateway.ConnectStreamAsync(token);
        await again.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await again.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stream_the_gateway_fails_to_serve_is_closed_with_a_reason_and_gives_back_everything_it_held()
    {
        var prices = new SharedPrices();
        var store = new FaultyPriceStore(prices.Store, "USDJPY");
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:MaxConnectionsPerUser"] = "1" },
            shared: new GatewaySharedServices(store, prices.Hub, prices.Symbols));
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("USDJPY");

        var received = new List<string>();
        while (await client.ReceiveAsync() is { } message)
        {
            received.Add(message["type"]!.GetValue<string>());
        }

        Assert.All(received, type => Assert.Equal("subscribed", type));
        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Equal("gateway error: connect again", client.CloseReason);
        await Eventually.UntilAsync(() => hub.StreamsOf("live:42") == 0 && hub.Sessions.Count == 0 && hub.Streams.Count == 0, "the failed stream let go of its place and its symbols");
        Assert.Equal(1, hub.Statistics.ClientsFailed);
        Assert.Contains(gateway.Errors.Entries, e => e.StartsWith("Error", StringComparison.Ordinal) && e.Contains("failed serving it: a bug in the store", StringComparison.Ordinal));
        await using var again = await gateway.ConnectStreamAsync();
        await again.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await again.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Commands_over_the_rate_are_refused_naming_the_limit_and_a_client_that_keeps_on_is_disconnected()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var prices = new SharedPrices(time);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Stream:MaxCommandsPerSecond"] = "2",
                ["Gateway:Stream:CommandBurst"] = "3",
                ["Gateway:Stream:MaxRefusedCommands"] = "3",
            },
            shared: prices.Services,
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectStreamAsync();

        // A burst of three goes through; the fourth, at the same instant, does not.
        var burst = await PingsAsync(client, 4);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var refilledOne = await PingsAsync(client, 1);

        // Two quiet seconds refill the burst and forgive the refusal; then three refused in a row end the stream.
        time.Advance(TimeSpan.FromSeconds(2));
        var forgiven = await PingsAsync(client, 5);
        await client.SendAsync(new { type = "ping" });
        var closed = await client.ReceiveAsync();

        Assert.Equal(["pong", "pong", "pong", "error"], burst.Select(m => m.Type));
        Assert.Equal("too many commands: at most 2 per second, bursts of 3; this one was ignored", burst[3].Message);
        Assert.Equal(["pong"], refilledOne.Select(m => m.Type));
        Assert.Equal(["pong", "pong", "pong", "error", "error"], forgiven.Select(m => m.Type));
        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Equal("too many commands: over 2 per second, 3 refused", client.CloseReason);
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        await Eventually.UntilAsync(() => hub.Sessions.Count == 0, "the disconnected client is gone");
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal(4, report["commands_refused"]!.GetValue<long>());
        Assert.Equal(1, report["clients_closed_command_rate"]!.GetValue<long>());
        var metrics = await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(4, Sample(metrics, "tickwatch_gateway_stream_commands_refused_total", null));
        Assert.Equal(1, Sample(metrics, "tickwatch_gateway_stream_clients_disconnected_total", "command_rate"));
        Assert.Single(gateway.Errors.Entries, e => e.Contains("disconnected: too many commands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_is_closed_with_a_reason_when_its_token_expires_and_one_with_a_longer_token_stays_open()
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        var prices = new SharedPrices(time);
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var skew = gateway.Jwt.ClockSkew;
        await using var shortLived = await gateway.ConnectStreamAsync(gateway.Token(user: "short", issuedAt: start, lifetime: TimeSpan.FromMinutes(1)));
        await using var longLived = await gateway.ConnectStreamAsync(gateway.Token(user: "long", issuedAt: start, lifetime: TimeSpan.FromHours(1)));
        foreach (var client in new[] { shortLived, longLived })
        {
            await client.SubscribeAsync("EURUSD");
            await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        }

        // Just before the token's end (its exp, whole seconds, plus the skew its check allows) the stream still answers.
        time.Advance(TimeSpan.FromMinutes(1) + skew - TimeSpan.FromSeconds(2));
        var beforeEnd = await PingsAsync(shortLived, 1);
        time.Advance(TimeSpan.FromSeconds(2));
        var closed = await shortLived.ReceiveAsync();
        var longAnswer = await PingsAsync(longLived, 1);

        Assert.Equal(["pong"], beforeEnd.Select(m => m.Type));
        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, shortLived.CloseStatus);
        Assert.Equal("token expired: connect again with a new token", shortLived.CloseReason);
        Assert.Equal(["pong"], longAnswer.Select(m => m.Type));
        Assert.Equal(WebSocketState.Open, longLived.State);
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        await Eventually.UntilAsync(() => hub.Sessions.Count == 1, "only the long-lived stream is left");
        var report = await gateway.GetJsonAsync("/api/debug/streams", gateway.Token(issuedAt: start));
        Assert.Equal(1, report["clients_closed_token_expired"]!.GetValue<long>());
        Assert.Equal("live:long", Assert.Single(report["clients"]!.AsArray())!["user"]!.GetValue<string>());
        var metrics = await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(1, Sample(metrics, "tickwatch_gateway_stream_clients_disconnected_total", "token_expired"));
    }

    private static async Task<List<(string Type, string? Message)>> PingsAsync(StreamClient client, int count)
    {
        var replies = new List<(string, string?)>();
        for (var i = 0; i < count; i++)
        {
            await client.SendAsync(new { type = "ping" });
            var reply = await client.ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"The gateway closed the stream ({client.CloseStatus}: {client.CloseReason}).");
            replies.Add((reply["type"]!.GetValue<string>(), reply["message"]?.GetValue<string>()));
        }

        return replies;
    }

    /// <summary>The value of a sample with <paramref name="reason"/> as its reason label (or any labels when null), or -1 when there is none.</summary>
    private static double Sample(string text, string name, string? reason)
    {
        var labels = reason is null ? @"(?:\{[^}]*\})?" : @"\{[^}]*reason=""" + Regex.Escape(reason) + @"""[^}]*\}";
        var match = Regex.Match(text, "^" + Regex.Escape(name) + labels + @" (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }
}
