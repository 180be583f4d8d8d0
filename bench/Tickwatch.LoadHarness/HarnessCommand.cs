using System.CommandLine;
using System.Globalization;

namespace Tickwatch.LoadHarness;

/// <summary>The harness's command line.</summary>
internal static class HarnessCommand
{
    public static RootCommand Create()
    {
        var protocols = new Option<string[]>("--protocol", "-p")
        {
            Description = "Feeds to measure, each in its own run: json, protobuf, or both (the two feeds at once). Repeat or separate with commas.",
            DefaultValueFactory = _ => ["json", "protobuf"],
            AllowMultipleArgumentsPerToken = true,
        };
        var scenarios = new Option<string[]>("--scenario", "-s")
        {
            Description = "What to run: in-memory (decode + book on one thread, no sockets), replay (pre-encoded frames into listener + book), "
                + "end-to-end (quote hub into listener + book), hub-ceiling (quote hub into bare readers), or all.",
            DefaultValueFactory = _ => ["all"],
            AllowMultipleArgumentsPerToken = true,
        };
        var symbols = new Option<int>("--symbols")
        {
            Description = "Synthetic symbols on top of the 58 standard ones.",
            DefaultValueFactory = _ => 1000,
        };
        var pricesPerFrame = new Option<int>("--prices-per-frame")
        {
            Description = "Largest number of prices in one frame.",
            DefaultValueFactory = _ => 50,
        };
        var rate = new Option<string>("--rate")
        {
            Description = "Price updates per second per feed, or 'unlimited' (the source runs as fast as the consumers read, under backpressure).",
            DefaultValueFactory = _ => "unlimited",
        };
        var warmup = new Option<double>("--warmup")
        {
            Description = "Seconds of traffic before the measurement window.",
            DefaultValueFactory = _ => 2,
        };
        var duration = new Option<double>("--duration")
        {
            Description = "Seconds in the measurement window.",
            DefaultValueFactory = _ => 4,
        };
        var hubUrl = new Option<string?>("--hub-url")
        {
            Description = "Use a quote hub already running in another process (e.g. http://127.0.0.1:9001/) for end-to-end and hub-ceiling, "
                + "instead of one in this process. Start it with: tickwatch quote-hub --QuoteHub:SyntheticSymbols 1000 --QuoteHub:SlowClientPolicy Backpressure --QuoteHub:RateMultiplier 0",
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Also write the results as JSON to this file.",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the price model and the replay script.",
            DefaultValueFactory = _ => 7,
        };
        var partial = new Option<double>("--partial")
        {
            Description = "Chance that an update carries one side only.",
            DefaultValueFactory = _ => 0.1,
        };

        var command = new RootCommand("Tickwatch load harness: measures price updates per second from a feed source over loopback into the feed listeners and the price book, and checks the book at the end.")
        {
            protocols, scenarios, symbols, pricesPerFrame, rate, warmup, duration, hubUrl, output, seed, partial,
        };
        command.Subcommands.Add(TwrecReplayCommand.Create());
        command.SetAction(async (parse, cancellationToken) =>
        {
            HarnessSettings settings;
            try
            {
                settings = new HarnessSettings
                {
                    Protocols = [.. Split(parse.GetValue(protocols)!).Select(ProtocolSelection.Parse).Distinct()],
                    Scenarios = ParseScenarios(Split(parse.GetValue(scenarios)!)),
                    SyntheticSymbols = Check(parse.GetValue(symbols), 0, 100_000, "--symbols"),
                    PricesPerFrame = Check(parse.GetValue(pricesPerFrame), 1, 10_000, "--prices-per-frame"),
                    Rate = ParseRate(parse.GetValue(rate)!),
                    Warmup = TimeSpan.FromSeconds(Check(parse.GetValue(warmup), 0, 3600, "--warmup")),
                    Duration = TimeSpan.FromSeconds(Check(parse.GetValue(duration), 1, 3600, "--duration")),
                    HubUrl = ParseHubUrl(parse.GetValue(hubUrl)),
                    Output = parse.GetValue(output),
                    Seed = parse.GetValue(seed),
                    PartialUpdateProbability = Check(parse.GetValue(partial), 0, 1, "--partial"),
                };
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 2;
            }

            return await HarnessRunner.RunAsync(settings, "dotnet run -c Release --project bench/Tickwatch.LoadHarness -- " + string.Join(' ', parse.Tokens.Select(t => t.Value)), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string[] Split(IEnumerable<string> values) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static List<ScenarioKind> ParseScenarios(string[] names)
    {
        var all = new[] { ScenarioKind.InMemory, ScenarioKind.Replay, ScenarioKind.EndToEnd, ScenarioKind.HubCeiling };
        var chosen = names.SelectMany(n => n.ToLowerInvariant() switch
        {
            "all" => all,
            "in-memory" => [ScenarioKind.InMemory],
            "replay" => [ScenarioKind.Replay],
            "end-to-end" => [ScenarioKind.EndToEnd],
            "hub-ceiling" => [ScenarioKind.HubCeiling],
            _ => throw new ArgumentException($"Unknown scenario '{n}': use in-memory, replay, end-to-end, hub-ceiling or all."),
        }).ToHashSet();
        return [.. all.Where(chosen.Contains)];
    }

    private static double? ParseRate(string value)
    {
        if (value.Equals("unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate)
            ? rate
            : throw new ArgumentException($"--rate '{value}' is neither a positive number nor 'unlimited'.");
    }

    private static Uri? ParseHubUrl(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/")
            : throw new ArgumentException($"--hub-url '{value}' is not an http:// address of a quote hub.");

    private static T Check<T>(T value, T min, T max, string name)
        where T : IComparable<T> =>
        value.CompareTo(min) < 0 || value.CompareTo(max) > 0 ? throw new ArgumentException($"{name} {value} is outside {min}..{max}.") : value;
}
