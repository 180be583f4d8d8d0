using System.CommandLine;
using Tickwatch.BenchSupport;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Testing.HostileFeeds;

namespace Tickwatch.HostileFeedHarness;

/// <summary>The harness's command line: runs each chosen protocol in turn, prints its figures, and fails on any failed check.</summary>
internal static class HarnessCommand
{
    public static RootCommand Create()
    {
        var frames = new Option<int>("--frames", "-n")
        {
            Description = "Frames per protocol before the final prices, valid and hostile interleaved.",
            DefaultValueFactory = _ => 100_000,
        };
        var seed = new Option<int?>("--seed", "-s")
        {
            Description = "Seed of the frames; the same seed sends the same frames. Drawn (and printed) when not given.",
        };
        var protocol = new Option<string>("--protocol", "-p")
        {
            Description = "json, binary (the zlib-protobuf feed), binance (Binance JSON), binance-sbe, both (json and binary) or all.",
            DefaultValueFactory = _ => "all",
        };
        protocol.AcceptOnlyFromAmong("json", "binary", "binance", "binance-sbe", "both", "all");

        var command = new RootCommand("Tickwatch hostile-input harness: a real feed listener against a real WebSocket server sending mutated and malicious frames.")
        {
            frames, seed, protocol,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(frames);
            var chosenSeed = parse.GetValue(seed) ?? Random.Shared.Next();
            FeedProtocol[] protocols = parse.GetValue(protocol) switch
            {
                "json" => [FeedProtocol.Json],
                "binary" => [FeedProtocol.Protobuf],
                "binance" => [FeedProtocol.BinanceJson],
                "binance-sbe" => [FeedProtocol.BinanceSbe],
                "both" => [FeedProtocol.Json, FeedProtocol.Protobuf],
                _ => [FeedProtocol.Json, FeedProtocol.Protobuf, FeedProtocol.BinanceJson, FeedProtocol.BinanceSbe],
            };

            Console.WriteLine($"seed {chosenSeed} (repeat with --seed {chosenSeed}); {Environment.ProcessorCount} cores; {MachineLoad.Describe(3)}");
            var passed = true;
            foreach (var feed in protocols)
            {
                var report = await HostileFeedRun.RunAsync(
                    new HostileFeedSettings { Protocol = feed, Frames = count, Seed = chosenSeed, Progress = Console.Out },
                    cancellationToken);
                Console.Write(report.Describe());
                passed &= report.Passed;
            }

            return passed ? 0 : 1;
        });
        return command;
    }
}
