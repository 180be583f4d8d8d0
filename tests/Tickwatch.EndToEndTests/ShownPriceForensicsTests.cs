using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// The complaint "the price I was shown is not the price I got", answered end to end: a client streams EURUSD through
/// the gateway, orders on the last price it read, and the market service's order forensics (which ask the gateway
/// what it showed the user) explain the fill against that very price.
/// </summary>
public sealed class ShownPriceForensicsTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartWithGatewayAsync(new Dictionary<string, string?>
        {
            // The test's own pace on a busy machine (seconds between reading a price and the fill) is no stale view;
            // that verdict has its own tests.
            ["Forensics:StaleView"] = "00:00:30",
        });
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task An_order_on_the_last_price_the_client_read_is_explained_against_that_price_as_the_gateway_showed_it()
    {
        var gateway = _system.Gateway!;
        var token = gateway.Token(user: "1", userType: "demo");
        await using var client = await gateway.ConnectStreamAsync(token);
        await client.SubscribeAsync("EURUSD");
        JsonObject? seen = null;
        var read = 0;
        await client.ReceiveUntilAsync(
            _ => read >= 3,
            "three EURUSD prices",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    (seen, read) = (m, read + 1);
                }
            });
        var (sequence, bid, ask) = (seen!["sequence"]!.GetValue<long>(), seen["bid"]!.GetValue<decimal>(), seen["ask"]!.GetValue<decimal>());

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(new { symbol = "EURUSD", type = "BUY", volume = 0.01m, seen_price = ask, seen_sequence = sequence, max_deviation = 0.0050m }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", "e2e-shown");
        using var placed = await gateway.Http.SendAsync(request);
        var order = JsonNode.Parse(await placed.Content.ReadAsStringAsync())!;
        Assert.True(placed.StatusCode == HttpStatusCode.Created, order.ToJsonString());

        var report = await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync($"/api/debug/forensics/orders/{order["order_id"]!.GetValue<string>()}"),
            r => r["decisions"]![0]!["shown"]!.AsArray().Any(s => s!["book_sequence"]!.GetValue<long>() == sequence),
            "the forensics list the price the client read among those the gateway showed");
        var decision = report["decisions"]![0]!;
        var view = decision["view"]!;
        var verdict = decision["verdict"]!.GetValue<string>();

        Assert.Contains(verdict, new[] { "spread_markup", "price_moved_within_deviation" });
        Assert.Equal((sequence, bid, ask), (view["book_sequence"]!.GetValue<long>(), view["bid"]!.GetValue<decimal>(), view["ask"]!.GetValue<decimal>()));
        Assert.Equal(("stream", "demo:1"), (view["channel"]!.GetValue<string>(), report["account"]!.GetValue<string>()));
        Assert.Equal(seen["received_at"]!.GetValue<DateTimeOffset>(), view["received_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            seen["age_ms"]!.GetValue<decimal>(),
            ((view["sent_at"]!.GetValue<DateTimeOffset>() - view["received_at"]!.GetValue<DateTimeOffset>()).Ticks / TimeSpan.TicksPerMicrosecond) / 1000m);
        Assert.Equal(ask, decision["client_quote"]!["seen_price"]!.GetValue<decimal>());
        Assert.StartsWith($"{gateway.BaseAddress}: ", report["shown_sources"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Either the fill was on the very price shown, plus the half spread, or on a newer one.
        var quote = decision["quote"]!;
        var halfSpread = decision["half_spread"]!.GetValue<decimal>();
        if (verdict == "spread_markup")
        {
            Assert.Equal(sequence, quote["book_sequence"]!.GetValue<long>());
            Assert.Equal(ask + halfSpread, decision["executed_price"]!.GetValue<decimal>());
        }
        else
        {
            Assert.True(quote["book_sequence"]!.GetValue<long>() > sequence);
            Assert.Equal(quote["ask"]!.GetValue<decimal>() + halfSpread, decision["executed_price"]!.GetValue<decimal>());
        }
    }
}
