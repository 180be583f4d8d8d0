using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tickwatch.Cli.Logging;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch quote-hub [--replay file.twrec --speed x --loop]</c>: the development quote hub on port 9001.</summary>
internal static class QuoteHubCommand
{
    public static Command Create()
    {
        var configFile = CliConfiguration.ConfigFileOption();
        var replay = new Option<FileInfo?>("--replay")
        {
            Description = "Replay a .twrec recording on the feed of its protocol (QuoteHub:Feeds:N:Replay:File); with no feeds configured, "
                + "the hub serves that one feed at its usual path (/ws/json, /ws/binary, /binance or /binance-sbe).",
        };
        var speed = new Option<double?>("--speed")
        {
            Description = "Replay speed: 1 the recorded pace (default), 10 ten times faster, 0 as fast as the clients take it.",
        };
        var loop = new Option<bool>("--loop")
        {
            Description = "Start the replay again at the end of the file.",
        };
        var command = new Command("quote-hub", "Run the quote hub: both reference feed protocols over WebSocket from a price model, with fault injection (port 9001), or a recording replayed.")
        {
            configFile,
            replay,
            speed,
            loop,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => CommandRunner.RunAsync(async () =>
        {
            IConfiguration configuration = CliConfiguration.Build(parse, configFile);
            if (parse.GetValue(replay) is { } file)
            {
                configuration = await WithReplayAsync(configuration, file, parse.GetValue(speed), parse.GetValue(loop), cancel).ConfigureAwait(false);
            }

            await using var logger = TickwatchLogging.Create(configuration, "quote-hub");
            using var logs = TickwatchLogging.CreateFactory(logger);
            await using var hub = QuoteHubHost.Build(configuration, loggerFactory: logs);
            await hub.StartAsync(cancel).ConfigureAwait(false);
            Console.WriteLine($"Quote hub: {QuoteHubHost.GetBaseAddress(hub)}control/status");
            await hub.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    /// <summary>The configuration with the recording set as the replay of the feed of its protocol (a feed of its own when none is configured).</summary>
    private static async Task<IConfiguration> WithReplayAsync(IConfiguration configuration, FileInfo file, double? speed, bool loop, CancellationToken cancel)
    {
        string recorded;
        try
        {
            var reader = await FeedRecordingReader.OpenAsync(file.FullName, cancel).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                recorded = reader.Header.Protocol;
            }
        }
        catch (InvalidDataException ex)
        {
            throw Invalid($"--replay {ex.Message}");
        }

        if (!Enum.TryParse<FeedProtocol>(recorded, ignoreCase: true, out var protocol) || !Enum.IsDefined(protocol))
        {
            throw Invalid($"--replay {file.FullName} was recorded from a {recorded} feed, which this build does not serve.");
        }

        var section = $"{QuoteHubOptions.SectionName}:{nameof(QuoteHubOptions.Feeds)}";
        var feeds = configuration.GetSection(section).GetChildren().ToList();
        var overlay = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string at;
        if (feeds.Count == 0)
        {
            at = $"{section}:0";
            var (name, path) = protocol switch
            {
                FeedProtocol.Json => ("json", "/ws/json"),
                FeedProtocol.Protobuf => ("binary", "/ws/binary"),
                FeedProtocol.BinanceJson => ("binance", "/binance"),
                _ => ("binance-sbe", "/binance-sbe"),
            };
            overlay[$"{at}:Name"] = name;
            overlay[$"{at}:Protocol"] = protocol.ToString();
            overlay[$"{at}:Path"] = path;
        }
        else
        {
            var feed = feeds.FirstOrDefault(f => Enum.TryParse<FeedProtocol>(f["Protocol"], ignoreCase: true, out var p) && p == protocol)
                ?? throw Invalid($"--replay {file.FullName} was recorded from a {protocol} feed; configure a QuoteHub:Feeds entry with that Protocol, or none.");
            at = feed.Path;
        }

        overlay[$"{at}:Replay:File"] = file.FullName;
        overlay[$"{at}:Replay:Loop"] = loop ? "true" : "false";
        if (speed is { } factor)
        {
            overlay[$"{at}:Replay:Speed"] = factor.ToString(CultureInfo.InvariantCulture);
        }

        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overlay).Build();
    }

    // Reported as the hub's own settings are: a clear line and exit code 2.
    private static OptionsValidationException Invalid(string message) => new(QuoteHubOptions.SectionName, typeof(QuoteHubOptions), [message]);
}
