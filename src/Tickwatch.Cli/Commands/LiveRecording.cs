using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Cli.Logging;
using Tickwatch.Cli.Operations;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Listening;
using Tickwatch.Feeds.Recording;
using Tickwatch.Hosting;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// <c>tickwatch record --url …</c>: the market service's own feed listener (keep-alive, reconnection, the venue's
/// routine cuts) with its recording on and nothing else — no book, no store — until Ctrl+C, SIGTERM or <c>--duration</c>.
/// </summary>
internal static class LiveRecording
{
    /// <summary>The variable the API key of a BinanceSbe feed is read from, the market service's first feed's.</summary>
    public const string ApiKeyVariable = TickwatchEnvironment.Prefix + "Feeds__0__ApiKey";

    /// <summary>The feed to record from the command's arguments, or null with every problem in <paramref name="errors"/>.</summary>
    public static FeedOptions? Parse(
        string? url, FeedProtocol? protocol, DirectoryInfo? output, string? duration, string? feedName, string? maxFileBytes, List<string> errors, out TimeSpan? stopAfter)
    {
        stopAfter = null;
        Uri? parsedUrl = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("--url is required to record a live feed (to turn a capture into a recording, use 'record import').");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out parsedUrl))
        {
            errors.Add($"--url '{url}' is not an absolute ws:// or wss:// URL.");
        }

        if (output is null)
        {
            errors.Add("--out is required: the directory the recording files go to.");
        }

        if (duration is not null)
        {
            if (IntervalParser.TryParse(duration, out var parsedDuration))
            {
                stopAfter = parsedDuration;
            }
            else
            {
                errors.Add($"--duration '{duration}' is not a positive duration (e.g. 30s, 5m, 01:00:00).");
            }
        }

        var record = new FeedRecordOptions { Directory = output?.FullName };
        if (maxFileBytes is not null)
        {
            if (long.TryParse(maxFileBytes, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                record.MaxFileBytes = bytes;
            }
            else
            {
                errors.Add($"--max-file-bytes '{maxFileBytes}' is not a whole number of bytes.");
            }
        }

        if (protocol is not { } known || parsedUrl is null || output is null || errors.Count > 0)
        {
            return null;
        }

        var name = feedName ?? known.ToString().ToLowerInvariant();
        var feed = new FeedOptions
        {
            Name = name,
            Protocol = known,
            Url = parsedUrl,
            Record = record,

            // Only the SBE stream takes the key; the validator refuses it anywhere else.
            ApiKey = known == FeedProtocol.BinanceSbe ? Environment.GetEnvironmentVariable(ApiKeyVariable) : null,
        };

        // The market service's own checks of a feed, without its "Feeds:0 (name): " prefix, which names no option here.
        var result = new FeedsOptionsValidator().Validate(null, [feed]);
        if (result.Failed)
        {
            var prefix = $"{DefaultFeeds.SectionName}:0 ({name}): ";
            errors.AddRange(result.Failures.Select(f => f.StartsWith(prefix, StringComparison.Ordinal) ? f[prefix.Length..] : f));
            return null;
        }

        return feed;
    }

    /// <summary>Records until <paramref name="cancellationToken"/> fires or <paramref name="stopAfter"/> passes, then prints what was written: 0, or 1 when frames could not be written.</summary>
    public static async Task<int> RunAsync(FeedOptions feed, TimeSpan? stopAfter, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables(TickwatchEnvironment.Prefix).Build();
        await using var logger = TickwatchLogging.Create(configuration, "record");
        using var logs = TickwatchLogging.CreateFactory(logger);

        // Every symbol is taken under its own name: a frame the codec refused would count against the feed's no-data watchdog.
        var symbols = new SymbolRegistry([], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: true, maxSymbols: 1_000_000);
        var codec = FeedCodecs.CreateCodec(feed.Protocol, symbols, symbols: new BinanceSymbolMap(feed.Symbols));
        using var listener = new FeedListener(feed, codec, new DiscardingSink(), TimeProvider.System, logs.CreateLogger<FeedListener>());
        var recorder = listener.Recorder!;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (stopAfter is { } after)
        {
            stop.CancelAfter(after);
        }

        var until = stopAfter is { } d ? $" for {d}" : "";
        Console.WriteLine($"⏺ Recording feed '{feed.Name}' ({feed.Protocol}, {listener.Statistics.Url}) into {recorder.Directory}{until}; Ctrl+C stops.");

        // Returns once stopped, after the recorder has written every frame received and closed its file.
        await listener.RunAsync(stop.Token).ConfigureAwait(false);

        var snapshot = listener.GetSnapshot();
        foreach (var file in recorder.Files)
        {
            var length = File.Exists(file) ? new FileInfo(file).Length : 0;
            Console.WriteLine($"   {file} ({length} bytes)");
        }

        var status = snapshot.Recording;
        Console.WriteLine(
            $"✅ Recorded feed '{feed.Name}': {status.Files} files, {status.FramesWritten} frames written, {status.FramesDropped} dropped, {status.FramesFailed} failed, {status.Bytes} bytes ({snapshot.MessagesReceived} messages received in {snapshot.SuccessfulConnections} connections).");
        if (status.FramesFailed > 0)
        {
            await Console.Error.WriteLineAsync($"❌ {status.FramesFailed} frames could not be written: {status.LastError}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>The prices go nowhere: only the recording is wanted.</summary>
    private sealed class DiscardingSink : IPriceUpdateSink
    {
        public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
        {
        }
    }
}
