using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;

namespace Tickwatch.EndToEndTests.Verdicts;

/// <summary>
/// The verdicts of the price-mismatch forensics, each produced on purpose through the quote hub (a frozen symbol, a
/// moved price, a diverging feed, a client that stops reading while the market moves) and checked number by number
/// against what the test's own client read on the gateway's stream and what the order routes answered.
/// </summary>
/// <remarks>
/// Most cases freeze the symbol before ordering: once the book has had every frame made before the freeze, the price
/// the client read last is the one the engine acts on, so the executed price is known exactly (ask + half spread).
/// </remarks>
public sealed class MismatchVerdictTests(MismatchVerdictSystem system) : IClassFixture<MismatchVerdictSystem>, IAsyncLifetime
{
    private const string Eurusd = "EURUSD";
    private const string Gbpusd = "GBPUSD";
    private const string Account = "demo:1";
    private const decimal Point = 0.00001m;
    private const decimal Pip = VerdictHarness.Pip;
    private const decimal HalfSpread = VerdictHarness.HalfSpread;

    private readonly VerdictHarness _harness = system.Harness;

    // What an earlier case froze or diverged must not bend this one.
    public Task InitializeAsync() => _harness.ResetAsync((Eurusd, Point), (Gbpusd, Point));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_order_on_the_very_price_shown_differs_from_it_by_the_spread_markup_alone()
    {
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        var shown = await _harness.FreezeAsync(Eurusd, client);

        var order = await PlaceAsync(new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = shown.Ask, seen_sequence = shown.Sequence, max_deviation = 10 * Pip });
        var decision = Open(await _harness.OrderForensicsAsync(Id(order), shown.Sequence));

        var executed = shown.Ask + HalfSpread;
        VerdictAssert.Findings(decision, "spread_markup");
        VerdictAssert.Shown(shown, decision["view"]!);
        Assert.Equal(0, decision["view"]!["newer_prices"]!.GetValue<long>());
        VerdictAssert.Quote(shown, decision["quote"]!);
        Assert.Equal(executed, order["open_price"]!.GetValue<decimal>());
        Assert.Equal(executed, decision["executed_price"]!.GetValue<decimal>());
        Assert.Equal(HalfSpread, decision["half_spread"]!.GetValue<decimal>());
        Assert.Equal(shown.Ask, decision["view_price"]!.GetValue<decimal>());
        Assert.Equal(HalfSpread / Pip, decision["difference_pips"]!.GetValue<decimal>());
        Assert.Contains($"executed on the very price shown (sequence {shown.Sequence}) plus the group's half spread {HalfSpread}", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_on_an_older_price_while_the_market_moved_is_a_price_moved_within_the_deviation_allowed()
    {
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        var seen = await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        // The market moves two pips after the client's view, and the order goes in on the view.
        await _harness.MoveAsync(Eurusd, 2 * Pip);
        var last = await _harness.FreezeAsync(Eurusd, client);
        Assert.True(last.Sequence > seen.Sequence);

        var order = await PlaceAsync(new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = seen.Ask, seen_sequence = seen.Sequence, max_deviation = 50 * Pip });
        var decision = Open(await _harness.OrderForensicsAsync(Id(order), seen.Sequence));

        var executed = last.Ask + HalfSpread;
        VerdictAssert.Findings(decision, "price_moved_within_deviation");
        VerdictAssert.Shown(seen, decision["view"]!);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Equal(executed, order["open_price"]!.GetValue<decimal>());
        Assert.Equal(executed, decision["executed_price"]!.GetValue<decimal>());
        Assert.Equal(seen.Ask, decision["view_price"]!.GetValue<decimal>());
        Assert.Equal((executed - seen.Ask) / Pip, decision["difference_pips"]!.GetValue<decimal>());
        Assert.Equal(50 * Pip, decision["client_quote"]!["max_deviation"]!.GetValue<decimal>());
        Assert.Contains($"(sequence {seen.Sequence} → {last.Sequence}), within the allowed deviation of 50.0 pips", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_whose_price_moved_beyond_the_deviation_allowed_is_requoted_and_its_refusal_explained()
    {
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        var seen = await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        // A fast market: ten pips up after the client's view, which allows three.
        await _harness.MoveAsync(Eurusd, 10 * Pip);
        var last = await _harness.FreezeAsync(Eurusd, client);

        var (status, problem) = await _harness.OrderAsync(Account, new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = seen.Ask, seen_sequence = seen.Sequence, max_deviation = 3 * Pip });
        Assert.True(problem["reason"]?.GetValue<string>() == "REQUOTE", $"{(int)status} {problem.ToJsonString()}");
        var executable = last.Ask + HalfSpread;
        Assert.Equal(executable, problem["executable_price"]!.GetValue<decimal>());
        Assert.Equal(last.Sequence, problem["quote_book_sequence"]!.GetValue<long>());

        var report = await _harness.RefusalForensicsAsync(problem["refusal_id"]!.GetValue<string>(), seen.Sequence);
        var decision = report["decisions"]![0]!;
        Assert.Equal("refused", decision["decision"]!.GetValue<string>());
        Assert.Equal("REQUOTE", report["refusal"]!["reason"]!.GetValue<string>());
        Assert.Equal(executable, report["refusal"]!["executable_price"]!.GetValue<decimal>());
        VerdictAssert.Findings(decision, "requoted");
        VerdictAssert.Shown(seen, decision["view"]!);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Null(decision["executed_price"]);
        Assert.Equal(seen.Ask, decision["view_price"]!.GetValue<decimal>());
        Assert.Equal((executable - seen.Ask) / Pip, decision["difference_pips"]!.GetValue<decimal>());
        Assert.Equal(3 * Pip, decision["client_quote"]!["max_deviation"]!.GetValue<decimal>());
        Assert.Contains($"(sequence {last.Sequence}), {Pips((executable - seen.Ask) / Pip)} pips away, beyond the allowed deviation of 3.0 pips", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_sent_without_the_price_its_client_saw_is_client_sent_no_quote_against_the_last_price_shown()
    {
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        var last = await _harness.FreezeAsync(Eurusd, client);

        var order = await PlaceAsync(new { symbol = Eurusd, type = "BUY", volume = 0.01m });
        var decision = Open(await _harness.OrderForensicsAsync(Id(order), last.Sequence));

        var executed = last.Ask + HalfSpread;
        VerdictAssert.Findings(decision, "client_sent_no_quote", "spread_markup");
        Assert.Null(decision["client_quote"]);
        VerdictAssert.Shown(last, decision["view"]!);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Equal(executed, decision["executed_price"]!.GetValue<decimal>());
        // Without a quote from the client, its view is the last price shown, at what it would have executed at.
        Assert.Equal(executed, decision["view_price"]!.GetValue<decimal>());
        Assert.Equal(0m, decision["difference_pips"]!.GetValue<decimal>());
        Assert.Contains("the client sent no quote with the order, so no deviation limit protected it", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_while_one_feed_diverges_states_the_feeds_divergence_in_pips()
    {
        const decimal offset = 0.001m;
        await using var client = await _harness.ConnectAsync(Account, [Eurusd]);
        await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");
        await _harness.InjectAsync(new { kind = "diverge", feed = "binary", symbol = Eurusd, offset });
        await Eventually.ValueAsync(
            () => _harness.TimelineAsync(Eurusd),
            t => t["feeds"]?["json"] is { } json && t["feeds"]?["binary"] is { } binary && Mid(binary) / Mid(json) is >= 1 + (offset * 0.9m) and <= 1 + (offset * 1.1m),
            "the binary feed's EURUSD is 0.1 % above the json feed's");
        var last = await _harness.FreezeAsync(Eurusd, client);

        var order = await PlaceAsync(new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = last.Ask, seen_sequence = last.Sequence, max_deviation = 100 * Pip });
        var decision = Open(await _harness.OrderForensicsAsync(Id(order), last.Sequence));

        VerdictAssert.Findings(decision, "feed_divergence", "spread_markup");
        VerdictAssert.Shown(last, decision["view"]!);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Equal(last.Ask + HalfSpread, decision["executed_price"]!.GetValue<decimal>());

        // The feed the client's price came from stood where the client saw it; the other one the offset away.
        var feeds = decision["feeds"]!.AsArray().Select(f => f!).ToDictionary(f => f["feed"]!.GetValue<string>());
        Assert.Equal(["binary", "json"], feeds.Keys.Order());
        Assert.Equal((last.Bid, last.Ask), (feeds[last.Feed]["bid"]!.GetValue<decimal>(), feeds[last.Feed]["ask"]!.GetValue<decimal>()));
        var (json, binary) = (Mid(feeds["json"]), Mid(feeds["binary"]));
        Assert.InRange(binary / json, 1 + (offset * 0.9m), 1 + (offset * 1.1m));
        var divergence = decision["feed_divergence_pips"]!.GetValue<decimal>();
        Assert.Equal((binary - json) / Pip, divergence);
        Assert.Contains($"the feeds disagreed by {Pips(divergence)} pips at the fill", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
        Assert.Contains($"executed on {last.Feed}", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_on_a_frozen_symbol_is_refused_for_its_stale_price_and_the_refusal_names_that_price()
    {
        await using var client = await _harness.ConnectAsync(Account, [Gbpusd]);
        await client.ReadUntilAsync(p => p.Symbol == Gbpusd, "a GBPUSD price");
        var last = await _harness.FreezeAsync(Gbpusd, client);
        // Frozen, the quote only ages: past the symbol's execution age the engine must refuse it.
        var limit = TimeSpan.FromMilliseconds(MismatchVerdictSystem.GbpusdExecutionAgeMs);
        await Eventually.UntilAsync(() => TimeProvider.System.GetUtcNow() - last.ReceivedAt > limit, "the frozen GBPUSD price is older than its execution age");

        var (status, problem) = await _harness.OrderAsync(Account, new { symbol = Gbpusd, type = "BUY", volume = 0.01m, seen_price = last.Ask, seen_sequence = last.Sequence, max_deviation = 10 * Pip });
        Assert.True(problem["reason"]?.GetValue<string>() == "STALE_PRICE", $"{(int)status} {problem.ToJsonString()}");
        Assert.Equal(last.Sequence, problem["quote_book_sequence"]!.GetValue<long>());
        Assert.True(problem["quote_age_ms"]!.GetValue<long>() > MismatchVerdictSystem.GbpusdExecutionAgeMs, problem.ToJsonString());

        var report = await _harness.RefusalForensicsAsync(problem["refusal_id"]!.GetValue<string>(), last.Sequence);
        var decision = report["decisions"]![0]!;
        Assert.Equal("STALE_PRICE", report["refusal"]!["reason"]!.GetValue<string>());
        VerdictAssert.Findings(decision, "stale_price_refused");
        VerdictAssert.Shown(last, decision["view"]!);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Null(decision["executed_price"]);
        var age = decision["quote"]!["age_milliseconds"]!.GetValue<long>();
        Assert.True(age >= problem["quote_age_ms"]!.GetValue<long>(), decision.ToJsonString());
        Assert.Contains(
            $"the last price of {Gbpusd} (sequence {last.Sequence}, feed {last.Feed}) was {age} ms old; the limit is {MismatchVerdictSystem.GbpusdExecutionAgeMs} ms",
            VerdictAssert.Explanation(decision),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_on_a_price_sent_while_the_client_lagged_is_a_slow_client_behind_by_the_prices_held_back()
    {
        await using var watcher = await PriceReader.ConnectAsync(_harness.Gateway, _harness.Gateway.Token(user: "watcher"), [Eurusd]);
        await using var client = await _harness.ConnectAsync(Account, [Eurusd], receiveBufferBytes: 4096);
        await client.ReadUntilAsync(p => p.Symbol == Eurusd, "a EURUSD price");

        // The client stops reading while the market moves fast, until a price has waited a second for its full socket.
        await Eventually.ValueAsync(
            async () =>
            {
                await _harness.NudgeAsync(Eurusd, Point);
                return await _harness.StreamClientAsync(Account);
            },
            c => c["lag_ms"]!.GetValue<double>() >= 1000,
            "the gateway's send to the client that stopped reading has waited a second",
            TimeSpan.FromSeconds(60));
        var heldSince = TimeProvider.System.GetUtcNow();

        // More prices than make a slow client arrive meanwhile, as another client reads them.
        var arrived = 0;
        var watching = watcher.ReadUntilAsync(p => p.ReceivedAt > heldSince && ++arrived > MismatchVerdictSystem.SlowClientNewerPrices + 1, "prices that arrived while the client was held back");
        while (!watching.IsCompleted)
        {
            await _harness.NudgeAsync(Eurusd, Point);
        }

        await watching;

        // Read again: the price the gateway was held on is the last one written before.
        var resumedAt = TimeProvider.System.GetUtcNow();
        var next = await client.ReadUntilAsync(p => p.SentAt >= resumedAt, "a price written after the client read again");
        var held = client.Seen.Last(p => p.SentAt < resumedAt);
        var heldBack = watcher.Seen.Where(p => p.Sequence > held.Sequence).Select(p => p.Sequence).Distinct().Count();
        Assert.True(heldBack >= MismatchVerdictSystem.SlowClientNewerPrices, $"only {heldBack} newer prices than sequence {held.Sequence} were seen before the client read again");
        var last = await _harness.FreezeAsync(Eurusd, client);

        var order = await PlaceAsync(new { symbol = Eurusd, type = "BUY", volume = 0.01m, seen_price = held.Ask, seen_sequence = held.Sequence, max_deviation = 100 * Pip });
        var decision = Open(await _harness.OrderForensicsAsync(Id(order), held.Sequence));

        VerdictAssert.Findings(decision, "slow_client", "price_moved_within_deviation");
        VerdictAssert.Shown(held, decision["view"]!);
        // Newer prices existed when the socket took it: at least those the other client saw, at most up to the next one this client read.
        var newer = decision["view"]!["newer_prices"]!.GetValue<long>();
        Assert.InRange(newer, heldBack, next.Sequence - held.Sequence);
        VerdictAssert.Quote(last, decision["quote"]!);
        Assert.Equal(last.Ask + HalfSpread, decision["executed_price"]!.GetValue<decimal>());
        Assert.Equal((last.Ask + HalfSpread - held.Ask) / Pip, decision["difference_pips"]!.GetValue<decimal>());
        Assert.Contains($"client's stream was {newer} prices behind when it was sent sequence {held.Sequence}: slow client", VerdictAssert.Explanation(decision), StringComparison.Ordinal);
    }

    private static JsonNode Open(JsonNode report)
    {
        var decision = report["decisions"]![0]!;
        Assert.Equal("open", decision["decision"]!.GetValue<string>());
        Assert.Equal(Account, report["account"]!.GetValue<string>());
        return decision;
    }

    private static string Id(JsonNode order) => order["order_id"]!.GetValue<string>();

    private static decimal Mid(JsonNode price) => (price["bid"]!.GetValue<decimal>() + price["ask"]!.GetValue<decimal>()) / 2m;

    // As the verdicts state pips: one decimal, halves away from zero.
    private static string Pips(decimal pips) => Math.Round(pips, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<JsonNode> PlaceAsync(object order)
    {
        var (status, body) = await _harness.OrderAsync(Account, order);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body.ToJsonString()}");
        return body;
    }
}
