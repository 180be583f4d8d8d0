using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>
/// The hostile-input run: a real <see cref="FeedListener"/> with the real codec and a price book, against a real WebSocket
/// server sending seeded mutated and malicious frames interleaved with valid prices, then the final prices; it checks that
/// the listener never failed, counted every error as the frames' outcomes say, still runs, and shows the final prices exactly.
/// </summary>
/// <remarks>
/// Time is a fake clock frozen for the hostile phase, so every frame and its outcome follow from the seed alone (a source
/// time "ahead" is ahead by exactly what the generator chose). Before the finals it moves on past every symbol's
/// <c>MaxQuoteAge</c> and the clock skew: a byte flip can make a valid price that legitimately moves a symbol's live level
/// (the jump guard would then hold a true final back for a few quotes) or stamp one a moment ahead, and neither is a defect.
/// </remarks>
public static class HostileFeedRun
{
    /// <summary>Where the fake clock starts: a whole millisecond, so source times in milliseconds compare exactly.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan FinalsTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<HostileFeedReport> RunAsync(HostileFeedSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var unobserved = new ConcurrentQueue<string>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception.GetBaseException().ToString());
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            var report = await RunCoreAsync(settings, cancellationToken).ConfigureAwait(false);

            // A task that failed unobserved shows up only once collected.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return unobserved.IsEmpty ? report : report with { Failures = [.. report.Failures, .. unobserved.Select(e => "unobserved task exception: " + e)] };
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    private static async Task<HostileFeedReport> RunCoreAsync(HostileFeedSettings settings, CancellationToken cancellationToken)
    {
        var registry = SymbolCatalog.Create(new PricesOptions { Symbols = [.. PriceWalk.Symbols] });
        var time = new FakeTimeProvider(Start);
        var failures = new List<string>();
        await using var server = await HostileFeedServer.StartAsync().ConfigureAwait(false);
        var options = new FeedOptions
        {
            Name = settings.Protocol switch
            {
                FeedProtocol.Json => "hostile-json",
                FeedProtocol.Protobuf => "hostile-binary",
                FeedProtocol.BinanceJson => "hostile-binance",
                _ => "hostile-binance-sbe",
            },
            Protocol = settings.Protocol,
            Url = server.Url,
            MaxFrameBytes = settings.MaxFrameBytes,

            // Fake time moves once, before the finals; the watchdog has tests of its own.
            NoDataTimeout = TimeSpan.FromHours(1),

            // The venue's SBE stream requires a key on the upgrade; the listener refuses to start without one.
            ApiKey = settings.Protocol == FeedProtocol.BinanceSbe ? "hostile-run-key" : null,
        };
        var codec = FeedCodecs.CreateCodec(settings.Protocol, registry);
        var book = new PriceBook(registry, time);
        using var listener = new FeedListener(options, codec, new BookSink(book), time, NullLogger<FeedListener>.Instance, new ZeroRandom());
        HostileFrameSource source = settings.Protocol switch
        {
            FeedProtocol.Json => new JsonHostileFrames(settings.Seed, registry, time, options.MaxClockSkew, options.MaxFrameBytes),
            FeedProtocol.Protobuf => new ProtobufHostileFrames(settings.Seed, registry, time, options.MaxClockSkew, options.MaxFrameBytes),
            FeedProtocol.BinanceJson => new BinanceJsonHostileFrames(settings.Seed, registry, time, options.MaxClockSkew, options.MaxFrameBytes),
            _ => new BinanceSbeHostileFrames(settings.Seed, registry, time, options.MaxClockSkew, options.MaxFrameBytes),
        };
        var tally = new ExpectationTally();
        long peakHeap = 0;

        await listener.StartAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < settings.Frames; i++)
        {
            var frame = source.Next();
            tally.Add(frame);
            await server.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            if (i % 1024 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }

            if (settings.Progress is { } progress && (i + 1) % Math.Max(1, settings.Frames / 10) == 0)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {settings.Protocol}: {i + 1:N0} frames queued, {listener.Statistics.MessagesReceived:N0} counted, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s")).ConfigureAwait(false);
            }
        }

        if (!await WaitUntilAsync(() => listener.Statistics.MessagesReceived >= tally.Messages, settings.CatchUpTimeout, cancellationToken).ConfigureAwait(false))
        {
            failures.Add($"the listener counted {listener.Statistics.MessagesReceived:N0} of {tally.Messages:N0} messages within {settings.CatchUpTimeout.TotalSeconds} s "
                + $"(server sent {server.FramesSent:N0}, lost {server.FramesLost:N0}; last disconnect: {listener.GetSnapshot().LastDisconnectReason})");
        }

        var duration = Stopwatch.GetElapsedTime(started);
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));

        time.Advance(registry.All.Max(s => s.MaxQuoteAge) + options.MaxClockSkew + TimeSpan.FromSeconds(1));
        var finalFrames = source.Finals(out var finals);
        foreach (var finalFrame in finalFrames)
        {
            tally.Add(finalFrame);
            await server.SendAsync(finalFrame, cancellationToken).ConfigureAwait(false);
        }

        if (!await WaitUntilAsync(() => listener.Statistics.MessagesReceived >= tally.Messages && finals.All(f => ShowsExactly(book, f, options.Name)), FinalsTimeout, cancellationToken).ConfigureAwait(false))
        {
            foreach (var final in finals.Where(f => !ShowsExactly(book, f, options.Name)))
            {
                var quote = book.GetQuote(final.Symbol);
                failures.Add($"final price of {final.Symbol}: expected {final.Bid}/{final.Ask} from {options.Name}, the book shows "
                    + (quote is null ? "nothing" : $"{quote.Bid}/{quote.Ask} from {quote.Feed} (seq {quote.SourceSequence})"));
            }
        }

        var snapshot = listener.GetSnapshot();
        var alive = listener.ExecuteTask is { IsCompleted: false };
        CheckCounters(snapshot, tally, failures);
        if (!alive)
        {
            failures.Add($"the listener's run ended: {listener.ExecuteTask?.Status} {listener.ExecuteTask?.Exception?.GetBaseException()}");
        }

        if (!snapshot.IsRunning || snapshot.State != FeedConnectionState.Receiving)
        {
            failures.Add($"the feed does not report running: is_running {snapshot.IsRunning}, state {snapshot.State}, last error {snapshot.LastError}");
        }

        failures.AddRange(source.Disagreements.Select(d => "the codec disagrees with the generator: " + d));
        if (source.DisagreementCount > source.Disagreements.Count)
        {
            failures.Add($"… and {source.DisagreementCount - source.Disagreements.Count} more disagreements");
        }

        failures.AddRange(server.Problems.Select(p => "server: " + p));

        using (var stop = new CancellationTokenSource(StopTimeout))
        {
            await listener.StopAsync(stop.Token).ConfigureAwait(false);
        }

        if (listener.ExecuteTask is { IsCompletedSuccessfully: false } run)
        {
            failures.Add($"the listener did not stop cleanly: {run.Status} {run.Exception?.GetBaseException()}");
        }

        (codec as IDisposable)?.Dispose();
        using var process = Process.GetCurrentProcess();
        return new HostileFeedReport
        {
            Settings = settings,
            Expected = tally,
            Listener = snapshot,
            Book = book.Statistics,
            Duration = duration,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            PeakManagedHeapBytes = peakHeap,
            Failures = failures,
        };
    }

    /// <summary>Every counter the frames decide, against the sum of their outcomes: exact, category by category.</summary>
    private static void CheckCounters(FeedStatisticsSnapshot snapshot, ExpectationTally tally, List<string> failures)
    {
        void Check(string what, long counted, long expected)
        {
            if (counted != expected)
            {
                failures.Add($"{what}: counted {counted:N0}, expected {expected:N0}");
            }
        }

        Check("messages_received", snapshot.MessagesReceived, tally.Messages);
        Check("updates_received", snapshot.UpdatesReceived, tally.Updates);
        Check("frames_ignored", snapshot.FramesIgnored, tally.Ignored);
        Check("messages_failed", snapshot.MessagesFailed, tally.Failed);
        foreach (var (category, expected) in tally.Errors)
        {
            Check("parse_errors_by_category." + category, snapshot.ParseErrorsByCategory.GetValueOrDefault(category), expected);
        }

        Check("parse_errors", snapshot.ParseErrors, tally.Errors.Values.Sum());
        Check("codec_exceptions", snapshot.CodecExceptions, 0);
        Check("sink_exceptions", snapshot.SinkExceptions, 0);
        Check("connection_failures", snapshot.ConnectionFailures, 0);

        // Only a text frame that is not UTF-8 may end a connection; each is followed by one reconnection.
        Check("disconnections", snapshot.Disconnections, tally.Drops);
        Check("session", snapshot.Session, 1 + tally.Drops);
    }

    private static bool ShowsExactly(PriceBook book, WirePrice final, string feed) =>
        book.GetQuote(final.Symbol) is { } quote && quote.Bid == final.Bid && quote.Ask == final.Ask && quote.Feed == feed && !quote.IsWarmup;

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
