using System.CommandLine;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// Feed recordings (<c>.twrec</c>): <c>tickwatch record --url ws://… --protocol Json --out dir [--duration 5m]</c> records a
/// live feed; <c>tickwatch record import capture.jsonl --recv-ts times.txt --protocol BinanceJson --feed binance --out file.twrec</c>
/// turns a capture into a recording.
/// </summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url")
        {
            Description = "The feed's WebSocket URL (ws:// or wss://) to record live.",
        };
        var protocol = ProtocolOption(required: false);
        var output = new Option<DirectoryInfo?>("--out", "-o")
        {
            Description = "The directory the {feed}-{yyyyMMddTHHmmssZ}.twrec files go to (created if missing).",
        };
        var duration = new Option<string?>("--duration")
        {
            Description = "Stop after this long (e.g. 30s, 5m, 01:00:00); without it, record until Ctrl+C or SIGTERM.",
        };
        var feed = new Option<string?>("--feed-name")
        {
            Description = "The feed's name: the files' prefix and the header's feed (lower-case letters, digits, '-', '_'); default: the protocol's name.",
        };
        var maxFileBytes = new Option<string?>("--max-file-bytes")
        {
            Description = $"Rotate to a new file before one would pass this size (default {FeedRecordOptions.DefaultMaxFileBytes}).",
        };
        var command = new Command("record", "Feed recordings (.twrec): every frame a feed received, with its receive time. With --url, record a live feed.")
        {
            url,
            protocol,
            output,
            duration,
            feed,
            maxFileBytes,
            CreateImport(),
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var errors = new List<string>();
            var parsedProtocol = ParseProtocol(parse.GetValue(protocol), errors);
            var live = LiveRecording.Parse(
                parse.GetValue(url), parsedProtocol, parse.GetValue(output), parse.GetValue(duration), parse.GetValue(feed), parse.GetValue(maxFileBytes), errors, out var stopAfter);
            if (errors.Count > 0 || live is null)
            {
                return await BadArgumentsAsync(errors).ConfigureAwait(false);
            }

            return await LiveRecording.RunAsync(live, stopAfter, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>The protocol named, or null with an error added; <c>--protocol</c> of both subcommands.</summary>
    internal static FeedProtocol? ParseProtocol(string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"--protocol is required: one of {string.Join(", ", Enum.GetNames<FeedProtocol>())}.");
            return null;
        }

        if (!Enum.TryParse<FeedProtocol>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            errors.Add($"--protocol '{text}' is not one of {string.Join(", ", Enum.GetNames<FeedProtocol>())}.");
            return null;
        }

        return parsed;
    }

    /// <summary>Prints each problem with the arguments and returns exit code 2.</summary>
    internal static async Task<int> BadArgumentsAsync(IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"❌ {error}").ConfigureAwait(false);
        }

        return 2;
    }

    private static Option<string?> ProtocolOption(bool required) => new("--protocol")
    {
        Description = $"The protocol the frames speak: {string.Join(", ", Enum.GetNames<FeedProtocol>())}.",
        Required = required,
    };

    private static Command CreateImport()
    {
        var capture = new Argument<FileInfo>("capture")
        {
            Description = "The capture: one WebSocket text frame a line (.jsonl).",
        };
        var receiveTimes = new Option<FileInfo?>("--recv-ts")
        {
            Description = "The receive time of each line of the capture, in epoch seconds (e.g. 1633998512.0633569), one a line; without it, frames are 1 ms apart from now.",
        };
        var protocol = ProtocolOption(required: true);
        var feed = new Option<string>("--feed")
        {
            Description = "The feed's name in the recording's header (letters, digits, '-', '_', '.').",
            Required = true,
        };
        var url = new Option<string?>("--url")
        {
            Description = "The URL the capture came from (kept without its query string).",
        };
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "The .twrec file to write (must not exist).",
            Required = true,
        };
        var command = new Command("import", "Turn a .jsonl capture (and its receive times) into a .twrec recording.")
        {
            capture,
            receiveTimes,
            protocol,
            feed,
            url,
            output,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var errors = new List<string>();
            var parsedProtocol = ParseProtocol(parse.GetValue(protocol), errors);

            var feedName = parse.GetValue(feed)!;
            if (!FeedRecordingWriterOptions.IsValidFeedName(feedName))
            {
                errors.Add($"--feed '{feedName}' must be letters, digits, '-', '_' or '.'.");
            }

            Uri? parsedUrl = null;
            if (parse.GetValue(url) is { } urlText && !Uri.TryCreate(urlText, UriKind.Absolute, out parsedUrl))
            {
                errors.Add($"--url '{urlText}' is not an absolute URL.");
            }

            if (errors.Count > 0 || parsedProtocol is not { } knownProtocol)
            {
                return await BadArgumentsAsync(errors).ConfigureAwait(false);
            }

            var target = parse.GetValue(output)!;
            try
            {
                var result = await FeedRecordingImport.ImportAsync(
                    parse.GetValue(capture)!.FullName,
                    parse.GetValue(receiveTimes)?.FullName,
                    knownProtocol,
                    feedName,
                    parsedUrl,
                    target.FullName,
                    TimeProvider.System.GetUtcNow(),
                    cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"✅ {target.FullName}: {result.Frames} frames of {knownProtocol} feed '{feedName}', received {result.FirstReceivedAt:O} to {result.LastReceivedAt:O}.");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"❌ {e.Message}").ConfigureAwait(false);
                return 2;
            }
        }));
        return command;
    }
}
