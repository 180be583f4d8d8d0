using System.CommandLine;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Cli.Commands;

/// <summary><c>tickwatch record import capture.jsonl --recv-ts times.txt --protocol BinanceJson --feed binance --out file.twrec</c>: feed recordings (<c>.twrec</c>).</summary>
internal static class RecordCommand
{
    public static Command Create() => new("record", "Feed recordings (.twrec): every frame a feed received, with its receive time.")
    {
        CreateImport(),
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
        var protocol = new Option<string>("--protocol")
        {
            Description = $"The protocol the frames speak: {string.Join(", ", Enum.GetNames<FeedProtocol>())}.",
            Required = true,
        };
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
            if (!Enum.TryParse<FeedProtocol>(parse.GetValue(protocol), ignoreCase: true, out var parsedProtocol) || !Enum.IsDefined(parsedProtocol))
            {
                errors.Add($"--protocol '{parse.GetValue(protocol)}' is not one of {string.Join(", ", Enum.GetNames<FeedProtocol>())}.");
            }

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

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"❌ {error}").ConfigureAwait(false);
                }

                return 2;
            }

            var target = parse.GetValue(output)!;
            try
            {
                var result = await FeedRecordingImport.ImportAsync(
                    parse.GetValue(capture)!.FullName,
                    parse.GetValue(receiveTimes)?.FullName,
                    parsedProtocol,
                    feedName,
                    parsedUrl,
                    target.FullName,
                    TimeProvider.System.GetUtcNow(),
                    cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"✅ {target.FullName}: {result.Frames} frames of {parsedProtocol} feed '{feedName}', received {result.FirstReceivedAt:O} to {result.LastReceivedAt:O}.");
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
