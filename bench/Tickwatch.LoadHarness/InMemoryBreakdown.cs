using System.Diagnostics;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Market.Pricing;

namespace Tickwatch.LoadHarness;

/// <summary>
/// One thread, no sockets: the replay frames decoded by the real codec and applied to a real book
/// through the service's sink, each stage timed on its own. Says what a core can do per stage,
/// so that the socket figures can be read as "pipeline work" versus "WebSocket and scheduling".
/// </summary>
internal static class InMemoryBreakdown
{
    private static readonly TimeSpan JitWarmup = TimeSpan.FromSeconds(1);

    public static ScenarioResult Run(HarnessSettings settings, FeedProtocol protocol)
    {
        var instruments = ReplayFrameSource.Instruments(settings.SyntheticSymbols);
        var script = ReplayScript.Create(instruments, settings.PricesPerFrame, settings.PartialUpdateProbability, settings.Seed);
        var frames = ReplayFrames.Create(protocol, script);
        var registry = SymbolCatalog.Create(new PricesOptions { Symbols = [.. script.Symbols] });
        var book = new PriceBook(registry, TimeProvider.System);
        var sink = new PriceBookSink(book);
        var codec = FeedCodecs.CreateCodec(protocol, registry);
        var feed = ProtocolSelection.FeedOf(protocol).Name;
        var batch = new PriceUpdateBatch();
        var payload = new byte[frames.MaxLength];
        var sequence = ReplayFrames.FirstSequence;
        long framesDone = 0;

        try
        {
            Loop(JitWarmup, out var warmupUpdates);
            var start = ProcessSample.Take();
            var totals = Loop(settings.Duration, out var updates);
            var end = ProcessSample.Take();
            using var process = Process.GetCurrentProcess();

            var stages = new List<StageCost>
            {
                Stage("replay: copy frame, patch seq/ts (harness only)", totals.WriteTicks, totals.WriteBytes, updates),
                Stage("codec decode (" + protocol.ToString().ToLowerInvariant() + ")", totals.DecodeTicks, totals.DecodeBytes, updates),
                Stage("PriceBookSink -> PriceBook.Apply", totals.ApplyTicks, totals.ApplyBytes, updates),
                Stage("decode + book (the pipeline's own work)", totals.DecodeTicks + totals.ApplyTicks, totals.DecodeBytes + totals.ApplyBytes, updates),
            };
            var pipeline = stages[^1];
            var bookStats = book.Statistics;
            var (compared, mismatches, examples) = BookVerifier.Compare(book, [(feed, script.LastPricesAfter(framesDone))]);
            var elapsed = end.SecondsSince(start);
            return new ScenarioResult
            {
                Scenario = SocketScenario.Name(ScenarioKind.InMemory),
                Protocols = protocol == FeedProtocol.Json ? "json" : "protobuf",
                Measures = "price updates/s one core decodes and applies to the book, no sockets (per-core ceiling of the pipeline's work)",
                Source = $"the replay frames in memory ({script.Symbols.Count} symbols, {settings.PricesPerFrame} prices/frame)",
                Consumer = "real codec -> PriceBookSink -> PriceBook on the calling thread",
                Seconds = Math.Round(elapsed, 3),
                Updates = updates,
                UpdatesPerSecond = Math.Round(pipeline.UpdatesPerSecondPerCore),
                FramesPerSecond = Math.Round(pipeline.UpdatesPerSecondPerCore * totals.Frames / updates),
                PerFeed = [],
                CpuSeconds = Math.Round((end.Cpu - start.Cpu).TotalSeconds, 3),
                CpuCores = Math.Round((end.Cpu - start.Cpu).TotalSeconds / elapsed, 2),
                OtherProcessesCores = end.OtherProcessesCores(start),
                CpuNanosecondsPerUpdate = pipeline.NanosecondsPerUpdate,
                AllocatedBytesPerUpdate = Math.Round((double)(end.AllocatedBytes - start.AllocatedBytes) / updates, 1),
                Gen0Collections = end.Gen0Collections - start.Gen0Collections,
                Gen1Collections = end.Gen1Collections - start.Gen1Collections,
                Gen2Collections = end.Gen2Collections - start.Gen2Collections,
                GcPauseMilliseconds = Math.Round((end.GcPause - start.GcPause).TotalMilliseconds, 1),
                WorkingSetMegabytes = Math.Round(end.WorkingSet / 1048576.0, 1),
                PeakWorkingSetMegabytes = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
                Stages = stages,
                Verification = new Verification
                {
                    PricesChecked = compared,
                    Mismatches = mismatches,
                    MismatchExamples = examples,
                    UpdatesSent = warmupUpdates + updates,
                    // Every decoded update has an outcome in the book.
                    UpdatesReceived = bookStats.Accepted + bookStats.Incomplete + bookStats.RejectedTotal + bookStats.Duplicates + bookStats.OutOfOrder,
                    Accepted = bookStats.Accepted,
                    Incomplete = bookStats.Incomplete,
                    Rejected = bookStats.RejectedTotal,
                    Duplicates = bookStats.Duplicates,
                    OutOfOrder = bookStats.OutOfOrder,
                    ParseErrors = 0,
                    CodecOrSinkExceptions = 0,
                    Reconnections = 0,
                },
                Notes = ["Stage times are Stopwatch readings around each stage of every frame; the GC's time lands in whichever stage it interrupts."],
            };
        }
        finally
        {
            (codec as IDisposable)?.Dispose();
        }

        Totals Loop(TimeSpan duration, out long updates)
        {
            var totals = default(Totals);
            updates = 0;
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                // A few hundred frames between clock checks keeps the check out of the figures.
                for (var n = 0; n < 256; n++)
                {
                    var frame = (int)(framesDone % frames.Count);
                    var receivedAt = DateTimeOffset.UtcNow;
                    var t0 = Stopwatch.GetTimestamp();
                    var a0 = GC.GetAllocatedBytesForCurrentThread();
                    var length = frames.Write(frame, sequence++, receivedAt.ToUnixTimeMilliseconds(), payload);
                    var t1 = Stopwatch.GetTimestamp();
                    var a1 = GC.GetAllocatedBytesForCurrentThread();
                    batch.Clear();
                    var result = codec.Decode(payload.AsSpan(0, length), frames.Kind, new DecodeContext(feed, 1, receivedAt), batch);
                    var t2 = Stopwatch.GetTimestamp();
                    var a2 = GC.GetAllocatedBytesForCurrentThread();
                    if (result.Outcome != FrameOutcome.Decoded || batch.ErrorCount > 0)
                    {
                        throw new InvalidOperationException($"Frame {frame} did not decode: {result.Outcome} {result.Error} {result.Detail}");
                    }

                    sink.OnUpdates(batch.Updates);
                    var t3 = Stopwatch.GetTimestamp();
                    var a3 = GC.GetAllocatedBytesForCurrentThread();
                    totals.WriteTicks += t1 - t0;
                    totals.DecodeTicks += t2 - t1;
                    totals.ApplyTicks += t3 - t2;
                    totals.WriteBytes += a1 - a0;
                    totals.DecodeBytes += a2 - a1;
                    totals.ApplyBytes += a3 - a2;
                    totals.Frames++;
                    updates += batch.Count;
                    framesDone++;
                }
            }

            return totals;
        }
    }

    private static StageCost Stage(string name, long ticks, long bytes, long updates)
    {
        var nanoseconds = ticks * 1e9 / Stopwatch.Frequency / updates;
        return new StageCost(name, Math.Round(nanoseconds, 1), Math.Round(1e9 / nanoseconds), Math.Round((double)bytes / updates, 1));
    }

    private struct Totals
    {
        public long WriteTicks;
        public long DecodeTicks;
        public long ApplyTicks;
        public long WriteBytes;
        public long DecodeBytes;
        public long ApplyBytes;
        public long Frames;
    }
}
