using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Xunit.Sdk;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// The gateway's probes of the market service on <c>/metrics</c>: <c>tickwatch_gateway_market_service_up</c>, probes by
/// outcome and their round trip, from python-health and from the gateway's own watch on its interval.
/// </summary>
public sealed partial class MarketServiceMetricsTests
{
    private const string Ready = """{"status":"ready","ready":true,"failing_checks":[],"checks":{}}""";
    private const string Up = "tickwatch_gateway_market_service_up";
    private const string Probes = "tickwatch_gateway_market_service_probes_total";
    private const string Duration = "tickwatch_gateway_market_service_probe_duration_seconds";

    [Fact]
    public async Task Python_health_is_counted_by_outcome_and_sets_market_service_up()
    {
        var market = await MarketServiceStub.StartAsync(200, Ready);
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrl"] = market.Url,
            ["Gateway:MarketHealthProbeInterval"] = "00:00:00",
        });

        Assert.Null(Sample(await ScrapeAsync(gateway), Up));

        (await gateway.GetAsync("/api/debug/python-health")).Dispose();
        var up = await Eventually.ValueAsync(() => ScrapeAsync(gateway), text => Sample(text, Up) == 1, "market service up");
        Assert.Equal(1, Sample(up, Probes, "outcome=\"ready\""));
        Assert.Equal(1, Sample(up, Duration + "_count", "outcome=\"ready\""));
        Assert.InRange(Sample(up, Duration + "_sum", "outcome=\"ready\"")!.Value, 0, 5);

        await market.DisposeAsync();
        (await gateway.GetAsync("/api/debug/python-health")).Dispose();
        var down = await Eventually.ValueAsync(() => ScrapeAsync(gateway), text => Sample(text, Up) == 0, "market service down");
        Assert.Equal(1, Sample(down, Probes, "outcome=\"unreachable\""));
        Assert.Equal(1, Sample(down, Probes, "outcome=\"ready\""));
        Assert.Contains("# TYPE " + Duration + " histogram", down, StringComparison.Ordinal);
        Assert.Equal(1, Sample(down, Duration + "_bucket", "outcome=\"ready\",le=\"+Inf\""));
    }

    [Fact]
    public async Task The_gateway_probes_on_its_own_interval_and_says_once_when_the_market_service_is_lost()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", CultureInfo.InvariantCulture));
        var market = await MarketServiceStub.StartAsync(200, Ready);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:MarketServiceUrl"] = market.Url,

                // Longer than one step of the clock: moving it must not time out a probe on its way.
                ["Gateway:MarketHealthTimeout"] = "00:00:30",
            },
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        var interval = gateway.App.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.MarketHealthProbeInterval;
        Assert.Equal(TimeSpan.FromSeconds(15), interval);

        // Nothing before the first interval has passed.
        Assert.Empty(market.CorrelationIds);
        Assert.Null(Sample(await ScrapeAsync(gateway), Up));

        await AdvanceUntilAsync(time, interval, () => Task.FromResult(!market.CorrelationIds.IsEmpty), "the watch probes the market service");
        Assert.All(market.CorrelationIds, id => Assert.Matches("^probe-[0-9a-f]{32}$", id));
        await Eventually.ValueAsync(() => ScrapeAsync(gateway), text => Sample(text, Up) == 1, "market service up");

        await market.DisposeAsync();
        time.Advance(interval);
        var down = await Eventually.ValueAsync(() => ScrapeAsync(gateway), text => Sample(text, Up) == 0, "market service down");
        var unreachable = Sample(down, Probes, "outcome=\"unreachable\"")!.Value;
        await Eventually.UntilAsync(() => gateway.Errors.Entries.Any(e => e.Contains("⚠️ Market service unreachable as the gateway sees it", StringComparison.Ordinal)));

        // Two more failed probes: still one line.
        await AdvanceUntilAsync(time, interval, async () => Sample(await ScrapeAsync(gateway), Probes, "outcome=\"unreachable\"") > unreachable, "a second failed probe");
        await AdvanceUntilAsync(time, interval, async () => Sample(await ScrapeAsync(gateway), Probes, "outcome=\"unreachable\"") > unreachable + 1, "a third failed probe");
        Assert.Single(gateway.Errors.Entries, e => e.Contains("⚠️ Market service", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interval_of_zero_turns_the_watch_off_and_a_negative_one_is_refused()
    {
        await using (var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketHealthProbeInterval"] = "00:00:00" }))
        {
            Assert.DoesNotContain(gateway.App.Services.GetServices<IHostedService>(), s => s is MarketServiceWatch);
        }

        await using (var gateway = await RunningGateway.StartAsync())
        {
            Assert.Contains(gateway.App.Services.GetServices<IHostedService>(), s => s is MarketServiceWatch);
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketHealthProbeInterval"] = "-00:00:01" }));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:MarketHealthProbeInterval must not be negative", StringComparison.Ordinal));
    }

    /// <summary>Moves the clock one step at a time, each time giving the probe it may start a moment to show, until <paramref name="happened"/>.</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<Task<bool>> happened, string what) =>
        Eventually.UntilAsync(
            async () =>
            {
                time.Advance(step);
                try
                {
                    await Eventually.UntilAsync(happened, what, TimeSpan.FromMilliseconds(500));
                    return true;
                }
                catch (XunitException)
                {
                    return false;
                }
            },
            what);

    private static async Task<string> ScrapeAsync(RunningGateway gateway)
    {
        using var response = await gateway.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the sample <paramref name="name"/> whose labels include <paramref name="labels"/>, or null when there is none.</summary>
    private static double? Sample(string text, string name, string? labels = null)
    {
        foreach (Match match in SampleLine().Matches(text))
        {
            if (match.Groups["name"].Value == name && (labels is null || match.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
