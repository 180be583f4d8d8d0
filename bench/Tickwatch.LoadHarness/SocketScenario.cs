using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;

namespace Tickwatch.LoadHarness;

/// <summary>
/// Runs one scenario over real loopback sockets: start the source and the consumers, warm up, measure
/// a window, stop the source, wait for the consumers to drain, and check the book against the source.
/// </summary>
internal static class SocketScenario
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<ScenarioResult> RunAsync(HarnessSettings settings, ScenarioKind kind, ProtocolSelection selection, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        await using var source = await CreateSourceAsync(settings, kind, selection, logs, cancellationToken).ConfigureAwait(false);
        var pipeline = kind == ScenarioKind.HubCeiling ? null : new ListenerPipeline(source.Feeds, source.Symbols, logs);
        await using IFeedConsumer consumer = pipeline ?? (IFeedConsumer)new BareFeedReaders(source.Feeds);

        await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
        await UntilAsync(() => consumer.IsConnected, ConnectTimeout, "every feed is connected", cancellationToken).ConfigureAwait(false);
        await source.StartProducingAsync(cancellationToken).ConfigureAwait(false);
        await UntilAsync(() => consumer.Read().All(c => c.Frames > 0), ConnectTimeout, "frames arrive on every feed", cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.Warmup, cancellationToken).ConfigureAwait(false);

        // The window: totals at both ends, and the headline total once a second to show how steady it was.
        var startSource = await source.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        var startSourceCpu = source.OwnCpu;
        var startConsumer = consumer.Read();
        var startBook = pipeline?.Book.Statistics;
        var start = ProcessSample.Take();
        var seconds = Math.Max(1, (int)Math.Round(settings.Duration.TotalSeconds));
        var perSecond = new List<double>(seconds);
        var lastTotal = await HeadlineTotalAsync().ConfigureAwait(false);
        var lastAt = Stopwatch.GetTimestamp();
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            for (var i = 0; i < seconds && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false); i++)
            {
                var total = await HeadlineTotalAsync().ConfigureAwait(false);
                var at = Stopwatch.GetTimestamp();
                perSecond.Add((total - lastTotal) / Stopwatch.GetElapsedTime(lastAt, at).TotalSeconds);
                (lastTotal, lastAt) = (total, at);
            }
        }

        var end = ProcessSample.Take();
        var endConsumer = consumer.Read();
        var endBook = pipeline?.Book.Statistics;
        var endSourceCpu = source.OwnCpu;
        var endSource = await source.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var peakWorkingSet = process.PeakWorkingSet64;

        await source.StopProducingAsync(cancellationToken).ConfigureAwait(false);
        await DrainAsync(source, consumer, cancellationToken).ConfigureAwait(false);
        var verification = pipeline is null ? null : await VerifyAsync(source, pipeline, cancellationToken).ConfigureAwait(false);

        var elapsed = end.SecondsSince(start);
        var consumed = Deltas(startConsumer, endConsumer);
        var produced = Deltas(startSource, endSource);
        var updates = pipeline is null ? produced.Sum(c => c.Updates) : consumed.Sum(c => c.Updates);
        var sourceCpu = startSourceCpu is { } a && endSourceCpu is { } b ? b - a : (TimeSpan?)null;
        var cpu = end.Cpu - start.Cpu;
        return new ScenarioResult
        {
            Scenario = Name(kind),
            Protocols = selection.Name,
            Measures = Measures(kind),
            Source = source.Description,
            Consumer = consumer.Description,
            Seconds = Math.Round(elapsed, 3),
            Updates = updates,
            UpdatesPerSecond = Math.Round(updates / elapsed),
            FramesPerSecond = Math.Round(consumed.Sum(c => c.Frames) / elapsed),
            PerFeed = [.. source.Feeds.Select((f, i) => new FeedRate(
                f.Name,
                f.Protocol.ToString().ToLowerInvariant(),
                Math.Round((pipeline is null ? produced[i].Updates : consumed[i].Updates) / elapsed),
                Math.Round(consumed[i].Frames / elapsed)))],
            SourceUpdatesPerSecond = Math.Round(produced.Sum(c => c.Updates) / elapsed),
            BookAcceptedPerSecond = startBook is not null && endBook is not null ? Math.Round((endBook.Accepted - startBook.Accepted) / elapsed) : null,
            SlowestSecond = perSecond.Count > 0 ? Math.Round(perSecond.Min()) : null,
            FastestSecond = perSecond.Count > 0 ? Math.Round(perSecond.Max()) : null,
            CpuSeconds = Math.Round(cpu.TotalSeconds, 3),
            CpuCores = Math.Round(cpu.TotalSeconds / elapsed, 2),
            OtherProcessesCores = end.OtherProcessesCores(start),
            SourceCpuSeconds = sourceCpu is { } s ? Math.Round(s.TotalSeconds, 3) : null,
            CpuNanosecondsPerUpdate = Math.Round((cpu - (sourceCpu ?? TimeSpan.Zero)).TotalNanoseconds / Math.Max(1, updates), 1),
            AllocatedBytesPerUpdate = Math.Round((double)(end.AllocatedBytes - start.AllocatedBytes) / Math.Max(1, updates), 1),
            Gen0Collections = end.Gen0Collections - start.Gen0Collections,
            Gen1Collections = end.Gen1Collections - start.Gen1Collections,
            Gen2Collections = end.Gen2Collections - start.Gen2Collections,
            GcPauseMilliseconds = Math.Round((end.GcPause - start.GcPause).TotalMilliseconds, 1),
            WorkingSetMegabytes = Math.Round(end.WorkingSet / 1048576.0, 1),
            PeakWorkingSetMegabytes = Math.Round(peakWorkingSet / 1048576.0, 1),
            Verification = verification,
            Notes = Notes(kind, settings),
        };

        async Task<long> HeadlineTotalAsync() => pipeline is null
            ? (await source.ReadCountersAsync(cancellationToken).ConfigureAwait(false)).Sum(c => c.Updates)
            : consumer.Read().Sum(c => c.Updates);
    }

    public static string Name(ScenarioKind kind) => kind switch
    {
        ScenarioKind.EndToEnd => "end-to-end",
        ScenarioKind.HubCeiling => "hub-ceiling",
        ScenarioKind.Replay => "replay",
        _ => "in-memory",
    };

    private static string Measures(ScenarioKind kind) => kind switch
    {
        ScenarioKind.EndToEnd => "price updates/s delivered into the book from the quote hub (hub and pipeline share the machine)",
        ScenarioKind.HubCeiling => "price updates/s the quote hub produces when its clients only count frames",
        _ => "price updates/s delivered into the book from pre-encoded frames: listener + codec + book alone",
    };

    private static List<string> Notes(ScenarioKind kind, HarnessSettings settings)
    {
        var notes = new List<string>();
        if (kind != ScenarioKind.Replay && settings.HubUrl is null)
        {
            notes.Add("The hub runs in this process: CPU, allocations and GC include its price model, encoders and Kestrel.");
        }
        else if (kind != ScenarioKind.Replay)
        {
            notes.Add("The hub runs in another process: its CPU shows under other processes, not in this process's figures.");
        }

        if (kind == ScenarioKind.Replay)
        {
            notes.Add("CPU per update excludes the replay writer threads; the replay server allocates nothing per frame, so allocations are the pipeline's.");
        }

        notes.Add(settings.Rate is { } rate ? $"Target rate {rate:N0} updates/s per feed." : "No rate limit: the source runs as fast as the consumers take frames (backpressure).");
        return notes;
    }

    private static async Task<IFrameSource> CreateSourceAsync(HarnessSettings settings, ScenarioKind kind, ProtocolSelection selection, ILoggerFactory logs, CancellationToken cancellationToken) =>
        kind == ScenarioKind.Replay ? ReplayFrameSource.Start(settings, selection)
        : settings.HubUrl is { } url ? await HubFrameSource.ConnectAsync(url, settings, selection, cancellationToken).ConfigureAwait(false)
        : await HubFrameSource.StartInProcessAsync(settings, selection, logs, cancellationToken).ConfigureAwait(false);

    /// <summary>Waits until the consumers have every frame the source wrote, and the source has stopped writing.</summary>
    private static async Task DrainAsync(IFrameSource source, IFeedConsumer consumer, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        IReadOnlyList<FeedCounters>? previous = null;
        while (true)
        {
            var written = await source.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
            var received = consumer.Read();
            if (previous is not null && written.SequenceEqual(previous) && written.Zip(received).All(p => p.Second.Frames >= p.First.Frames))
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The consumers did not drain within {DrainTimeout.TotalSeconds} s: written {string.Join(", ", written)}, received {string.Join(", ", received)}.");
            }

            previous = written;
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Verification> VerifyAsync(IFrameSource source, ListenerPipeline pipeline, CancellationToken cancellationToken)
    {
        var expected = new List<(string, IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)>)>();
        foreach (var feed in source.Feeds)
        {
            expected.Add((feed.Name, await source.LastPricesAsync(feed, cancellationToken).ConfigureAwait(false)));
        }

        var (compared, mismatches, examples) = BookVerifier.Compare(pipeline.Book, expected);
        var written = await source.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = pipeline.Listeners.Select(l => l.GetSnapshot()).ToList();
        PriceBookStatistics book = pipeline.Book.Statistics;
        return new Verification
        {
            PricesChecked = compared,
            Mismatches = mismatches,
            MismatchExamples = examples,
            UpdatesSent = written.Sum(c => c.Updates),
            UpdatesReceived = snapshots.Sum(s => s.UpdatesReceived),
            Accepted = book.Accepted,
            Incomplete = book.Incomplete,
            Rejected = book.RejectedTotal,
            Duplicates = book.Duplicates,
            OutOfOrder = book.OutOfOrder,
            ParseErrors = snapshots.Sum(s => s.ParseErrors),
            CodecOrSinkExceptions = snapshots.Sum(s => s.CodecExceptions + s.SinkExceptions),
            Reconnections = snapshots.Sum(s => Math.Max(0, s.SuccessfulConnections - 1)),
        };
    }

    private static FeedCounters[] Deltas(IReadOnlyList<FeedCounters> start, IReadOnlyList<FeedCounters> end) =>
        [.. start.Zip(end, (s, e) => new FeedCounters(e.Frames - s.Frames, e.Updates - s.Updates))];

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Gave up waiting until {what} ({timeout.TotalSeconds} s).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }
}
