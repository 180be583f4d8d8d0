using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.LoadHarness;

/// <summary>
/// Replay speed of a recording: a synthetic <c>.twrec</c> of the reference frames (the replay script's, encoded by the real
/// encoder, sequences and source times as the hub writes them) spanning a recorded hour or so, replayed at speed 0 by a
/// quote hub into the market's listener and book over loopback.
/// </summary>
internal static class TwrecReplayBench
{
    private const string FeedName = "replay";

    public static async Task<int> RunAsync(FeedProtocol protocol, TimeSpan span, double updatesPerSecond, int pricesPerFrame, int seed, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "twrec-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var script = ReplayScript.Create(ReplayFrameSource.Instruments(0), pricesPerFrame, 0.1, seed);
            var (file, frames, updates) = Synthesise(script, protocol, span, updatesPerSecond, directory);
            var megabytes = new FileInfo(file).Length / (1024.0 * 1024.0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recording: {frames:N0} {protocol} frames, {updates:N0} updates over {span.TotalMinutes:0} recorded minutes ({megabytes:0.0} MiB), {script.Symbols.Count} symbols."));

            var options = new QuoteHubOptions { Port = 0, GenerateTicks = false };
            options.Feeds.Add(new QuoteHubFeedOptions { Name = FeedName, Protocol = protocol, Path = "/ws/replay", Replay = new QuoteHubReplayOptions { File = file, Speed = 0 } });
            await using var hub = QuoteHubHost.Build(options, loggerFactory: NullLoggerFactory.Instance);
            await hub.StartAsync(cancellationToken).ConfigureAwait(false);
            var engine = QuoteHubHost.GetEngine(hub);
            var url = QuoteHubHost.GetFeedAddress(hub, FeedName);

            await using var pipeline = new ListenerPipeline([new SourceFeed(FeedName, protocol, url)], script.Symbols, NullLoggerFactory.Instance);

            // The replay starts when the listener connects: the clock runs from its start until it has read the last frame.
            var wall = Stopwatch.StartNew();
            await pipeline.StartAsync(cancellationToken).ConfigureAwait(false);
            while (pipeline.Read()[0].Frames < frames)
            {
                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }

            wall.Stop();
            var replay = engine.ListReplays()[0];
            var (compared, mismatches, examples) = BookVerifier.Compare(pipeline.Book, [(FeedName, script.LastPricesAfter(frames))]);
            await hub.StopAsync(cancellationToken).ConfigureAwait(false);

            var seconds = wall.Elapsed.TotalSeconds;
            var factor = span.TotalSeconds / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replay at speed 0, hub -> loopback WebSocket -> FeedListener -> PriceBook: {seconds:0.00} s wall for {span.TotalMinutes:0} recorded minutes = {factor:N0}x real time (target >= 20x)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {frames / seconds:N0} frames/s, {updates / seconds:N0} updates/s; hub sent {replay.FramesSent:N0} frames, skipped {replay.FramesSkipped}, finished {replay.Finished}"));
            Console.WriteLine(mismatches == 0
                ? $"Book: {compared} prices compared (each symbol's feed price and book quote), all equal to the file's last prices."
                : $"Book: {mismatches} of {compared} prices differ from the file's last prices: {string.Join("; ", examples)}");
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores (shared with whatever else runs: the figure is a floor, not a ceiling).");
            return mismatches == 0 && factor >= 20 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes the script's frames, looped, at evenly spread receive times over <paramref name="span"/> ending two minutes ago.</summary>
    private static (string File, long Frames, long Updates) Synthesise(ReplayScript script, FeedProtocol protocol, TimeSpan span, double updatesPerSecond, string directory)
    {
        var encoded = ReplayFrames.Create(protocol, script);
        var averagePrices = script.Frames.Average(f => (double)f.Length);
        var frames = (long)Math.Max(1, Math.Round(span.TotalSeconds * updatesPerSecond / averagePrices));
        var gapTicks = span.Ticks / frames;
        var start = DateTimeOffset.UtcNow - span - TimeSpan.FromMinutes(2);
        var buffer = new byte[encoded.MaxLength];
        long updates = 0;
        using var writer = new FeedRecordingWriter(
            new FeedRecordingWriterOptions { Directory = directory, Feed = FeedName, Protocol = protocol, MaxFileAge = span + TimeSpan.FromHours(1), MaxFileBytes = long.MaxValue },
            TimeProvider.System);
        for (long i = 0; i < frames; i++)
        {
            var at = start.AddTicks(i * gapTicks);
            var index = (int)(i % encoded.Count);
            var length = encoded.Write(index, ReplayFrames.FirstSequence + i, at.ToUnixTimeMilliseconds(), buffer);
            writer.Write(encoded.Kind, buffer.AsSpan(0, length), at);
            updates += encoded.Prices(index);
        }

        writer.Flush();
        return (writer.Files.Single(), frames, updates);
    }
}
