using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Forensics;

/// <summary>
/// <c>GET /api/debug/forensics/shown/{account}</c> on a running gateway: what a user's client read on its socket and
/// was served by <c>/api/quotes</c> is what the gateway says it showed; bad questions get 400 naming the problem.
/// </summary>
public sealed class ShownPriceTests
{
    [Fact]
    public async Task The_record_holds_exactly_the_prices_the_client_read_on_its_stream_and_the_quote_it_was_served()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        var token = gateway.Token(user: "42");
        await using var client = await gateway.ConnectStreamAsync(token);
        await client.SubscribeAsync("EURUSD", "GBPUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        await gateway.WaitForSubscribersAsync("EURUSD", "GBPUSD");
        var start = TimeProvider.System.GetUtcNow();

        // Written one at a time, so the client's messages carry some of them and skip others.
        const int Updates = 40;
        for (var n = 1; n <= Updates; n++)
        {
            await prices.Writer.WriteAsync(
                MarketPriceWriter.Price("EURUSD", n, 1.08500m + (n * 0.00001m), 1.08510m + (n * 0.00001m), start.AddTicks(n)),
                MarketPriceWriter.Price("GBPUSD", n, 1.26000m + (n * 0.00001m), 1.26020m + (n * 0.00001m), start.AddTicks(n)));
        }

        var received = new List<JsonObject>();
        await client.ReceiveUntilAsync(
            _ => received.Count(p => p["sequence"]!.GetValue<long>() == Updates) == 2,
            "both symbols' last price",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    received.Add(m);
                }
            });

        foreach (var symbol in new[] { "EURUSD", "GBPUSD" })
        {
            var read = received.Where(p => p["symbol"]!.GetValue<string>() == symbol).Select(Seen).ToList();
            var answer = await Eventually.ValueAsync(
                () => gateway.GetJsonAsync(ShownPath("live:42", symbol, start.AddSeconds(-1), TimeProvider.System.GetUtcNow().AddSeconds(1))),
                a => a["entries"]!.AsArray().Count >= read.Count,
                $"the gateway has recorded every {symbol} price the client read");
            var entries = answer["entries"]!.AsArray();

            Assert.Equal(read, entries.Select(e => Seen(e!.AsObject())));

            // Sent at the instant each message's age_ms was measured to.
            Assert.Equal(
                received.Where(p => p["symbol"]!.GetValue<string>() == symbol).Select(p => p["age_ms"]!.GetValue<decimal>()),
                entries.Select(e => ((e!["sent_at"]!.GetValue<DateTimeOffset>() - e["received_at"]!.GetValue<DateTimeOffset>()).Ticks / TimeSpan.TicksPerMicrosecond) / 1000m));
            Assert.All(entries, e => Assert.Equal(("stream", "json"), (e!["channel"]!.GetValue<string>(), e["feed"]!.GetValue<string>())));
            Assert.All(entries, e => Assert.True(e!["sent_at"]!.GetValue<DateTimeOffset>() >= e["received_at"]!.GetValue<DateTimeOffset>()));
            Assert.All(entries, e => Assert.True(e!["newer_prices"]!.GetValue<long>() >= 0));
            Assert.Equal(("live:42", symbol), (answer["account"]!.GetValue<string>(), answer["symbol"]!.GetValue<string>()));
            Assert.Equal(entries[0]!["sent_at"]!.GetValue<DateTimeOffset>(), answer["history_starts_at"]!.GetValue<DateTimeOffset>());
        }

        var quotes = await gateway.GetJsonAsync("/api/quotes?symbols=EURUSD", token);
        var served = quotes["quotes"]![0]!;
        var shown = await gateway.GetJsonAsync(ShownPath("live:42", "EURUSD", start.AddSeconds(-1), TimeProvider.System.GetUtcNow().AddSeconds(1)));
        var last = shown["entries"]!.AsArray()[^1]!;

        Assert.Equal("quotes", last["channel"]!.GetValue<string>());
        Assert.Equal(
            (served["sequence"]!.GetValue<long>(), served["bid"]!.GetValue<decimal>(), served["ask"]!.GetValue<decimal>()),
            (last["book_sequence"]!.GetValue<long>(), last["bid"]!.GetValue<decimal>(), last["ask"]!.GetValue<decimal>()));
        Assert.Equal(quotes["timestamp"]!.GetValue<DateTimeOffset>(), last["sent_at"]!.GetValue<DateTimeOffset>());

        var report = await gateway.GetJsonAsync("/api/debug/forensics/shown");
        Assert.Equal((1, 2), (report["users"]!.GetValue<int>(), report["user_symbols"]!.GetValue<int>()));
        Assert.True(report["entries_recorded"]!.GetValue<long>() >= received.Count + 1);
        var metrics = await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(@"(?m)^tickwatch_gateway_forensics_shown_entries(\{\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^tickwatch_gateway_forensics_shown_held_bytes(\{\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^tickwatch_gateway_forensics_shown_recorded_total(\{\})? [1-9]", metrics);
    }

    [Fact]
    public async Task A_bad_question_gets_400_naming_its_problem_and_an_account_never_shown_anything_gets_no_entries()
    {
        await using var gateway = await RunningGateway.StartAsync(shared: new SharedPrices().Services);

        var badAccount = await ProblemAsync(gateway, "/api/debug/forensics/shown/nobody?symbol=EURUSD");
        var noSymbol = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42");
        var unknownSymbol = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42?symbol=NOPE");
        var badFrom = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42?symbol=EURUSD&from=yesterday");
        var badTo = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42?symbol=EURUSD&to=99999999999999999");
        var backwards = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42?symbol=EURUSD&from=1767225600000&to=1767225599000");
        var never = await gateway.GetJsonAsync("/api/debug/forensics/shown/demo:7?symbol=eurusd&from=2026-01-01T00:00:00Z&to=1767225660000");

        Assert.Equal((HttpStatusCode.BadRequest, "Bad account"), (badAccount.Status, badAccount.Title));
        Assert.Contains("expected type:id", badAccount.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "Missing symbol"), (noSymbol.Status, noSymbol.Title));
        Assert.Equal((HttpStatusCode.BadRequest, "Unknown symbol"), (unknownSymbol.Status, unknownSymbol.Title));
        Assert.Contains("NOPE", unknownSymbol.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "Bad time"), (badFrom.Status, badFrom.Title));
        Assert.StartsWith("from is 'yesterday'", badFrom.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "Bad time"), (badTo.Status, badTo.Title));
        Assert.StartsWith("to is '99999999999999999'", badTo.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "Bad window"), (backwards.Status, backwards.Title));
        Assert.Equal(("demo:7", "EURUSD"), (never["account"]!.GetValue<string>(), never["symbol"]!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), never["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), never["to"]!.GetValue<DateTimeOffset>());
        Assert.Empty(never["entries"]!.AsArray());
        Assert.Null(never["history_starts_at"]);
    }

    [Fact]
    public async Task Switched_off_the_gateway_records_nothing_and_says_so()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:Forensics:Enabled"] = "false" }, shared: prices.Services);
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 3, 1.0850m, 1.0851m, TimeProvider.System.GetUtcNow()));
        await gateway.GetJsonAsync("/api/quotes/EURUSD");

        var off = await ProblemAsync(gateway, "/api/debug/forensics/shown/live:42?symbol=EURUSD");
        var report = await gateway.GetJsonAsync("/api/debug/forensics/shown");

        Assert.Equal((HttpStatusCode.NotFound, "Not recorded"), (off.Status, off.Title));
        Assert.Equal((false, 0L), (report["enabled"]!.GetValue<bool>(), report["entries_recorded"]!.GetValue<long>()));
    }

    private static string ShownPath(string account, string symbol, DateTimeOffset from, DateTimeOffset to) =>
        $"/api/debug/forensics/shown/{account}?symbol={symbol}&from={from.ToUnixTimeMilliseconds()}&to={to.ToUnixTimeMilliseconds()}";

    private static (long Sequence, decimal Bid, decimal Ask) Seen(JsonObject price) =>
        (price[price.ContainsKey("book_sequence") ? "book_sequence" : "sequence"]!.GetValue<long>(), price["bid"]!.GetValue<decimal>(), price["ask"]!.GetValue<decimal>());

    private static async Task<(HttpStatusCode Status, string Title, string Detail)> ProblemAsync(RunningGateway gateway, string path)
    {
        using var response = await gateway.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, body["title"]!.GetValue<string>(), body["detail"]!.GetValue<string>());
    }
}
