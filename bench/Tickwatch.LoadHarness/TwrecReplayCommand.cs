using System.CommandLine;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary><c>twrec-replay</c>: the replay speed of a <c>.twrec</c> recording (issue 16's target: at least 20× real time).</summary>
internal static class TwrecReplayCommand
{
    public static Command Create()
    {
        var protocol = new Option<string>("--protocol", "-p")
        {
            Description = "The recording's protocol: json or protobuf.",
            DefaultValueFactory = _ => "json",
        };
        var hours = new Option<double>("--hours")
        {
            Description = "Recorded time the synthetic recording spans.",
            DefaultValueFactory = _ => 1,
        };
        var rate = new Option<double>("--updates-per-second")
        {
            Description = "Recorded price updates per second over all symbols (a broker's feed of the 58 standard symbols: a few hundred).",
            DefaultValueFactory = _ => 500,
        };
        var pricesPerFrame = new Option<int>("--prices-per-frame")
        {
            Description = "Largest number of prices in one frame.",
            DefaultValueFactory = _ => 5,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the price script.",
            DefaultValueFactory = _ => 7,
        };
        var command = new Command(
            "twrec-replay",
            "Synthesises a recording of the hub's reference frames spanning --hours at --updates-per-second, replays it at speed 0 from a quote hub "
            + "over loopback into a FeedListener and a PriceBook, and reports recorded time / wall time, frames/s and whether the book ends at the file's last prices.")
        {
            protocol, hours, rate, pricesPerFrame, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(protocol)!.ToLowerInvariant() switch
            {
                "json" => FeedProtocol.Json,
                "protobuf" => FeedProtocol.Protobuf,
                _ => (FeedProtocol?)null,
            };
            var span = parse.GetValue(hours);
            var updates = parse.GetValue(rate);
            var perFrame = parse.GetValue(pricesPerFrame);
            if (chosen is null || !(span > 0 && span <= 24) || !(updates > 0 && updates <= 100_000) || perFrame is < 1 or > 1000)
            {
                await Console.Error.WriteLineAsync("Use --protocol json|protobuf, --hours in (0, 24], --updates-per-second in (0, 100000], --prices-per-frame in 1..1000.").ConfigureAwait(false);
                return 2;
            }

            return await TwrecReplayBench.RunAsync(chosen.Value, TimeSpan.FromHours(span), updates, perFrame, parse.GetValue(seed), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
