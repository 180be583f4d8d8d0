using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>Turns a <c>.jsonl</c> capture (one text frame a line) and its optional receive times (epoch seconds a line) into a <c>.twrec</c> recording.</summary>
public static class FeedRecordingImport
{
    /// <summary>Frames of a capture without receive times are this far apart.</summary>
    public static readonly TimeSpan UntimedSpacing = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Writes <paramref name="outputPath"/> (which must not exist; nothing is left behind on failure): each non-blank line of the
    /// capture, without its line end, as one text frame, received at the same line of <paramref name="receiveTimesPath"/>, or
    /// from <paramref name="untimedStart"/> 1 ms apart when there is no times file. Bad input is an <see cref="InvalidDataException"/> naming the line.
    /// </summary>
    public static async Task<FeedRecordingImportResult> ImportAsync(
        string capturePath,
        string? receiveTimesPath,
        FeedProtocol protocol,
        string feed,
        Uri? url,
        string outputPath,
        DateTimeOffset untimedStart,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(capturePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (!FeedRecordingWriterOptions.IsValidFeedName(feed))
        {
            throw new ArgumentException($"The feed name '{feed}' must be letters, digits, '-', '_' or '.'.", nameof(feed));
        }

        if (File.Exists(outputPath))
        {
            throw new IOException($"{outputPath} exists already; choose another --out or remove it.");
        }

        var partial = outputPath + ".partial";
        try
        {
            var result = await WriteAsync(capturePath, receiveTimesPath, protocol, feed, url, partial, untimedStart, cancellationToken).ConfigureAwait(false);
            File.Move(partial, outputPath, overwrite: false);
            return result;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<FeedRecordingImportResult> WriteAsync(
        string capturePath, string? receiveTimesPath, FeedProtocol protocol, string feed, Uri? url, string partial, DateTimeOffset untimedStart, CancellationToken cancellationToken)
    {
        var captureName = Path.GetFileName(capturePath);
        await using var capture = new FileStream(capturePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var times = receiveTimesPath is null ? null : new StreamReader(receiveTimesPath);
        var pipe = PipeReader.Create(capture, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        RecordingSegment? segment = null;
        long line = 0;
        long frames = 0;
        long blank = 0;
        long first = 0;
        long last = long.MinValue;
        try
        {
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (TryTakeLine(ref buffer, read.IsCompleted, out var payload))
                {
                    line++;
                    var micros = await ReceiveTimeAsync(times, receiveTimesPath, line, untimedStart, cancellationToken).ConfigureAwait(false);
                    if (payload.IsEmpty)
                    {
                        blank++;
                        continue;
                    }

                    if (micros < last)
                    {
                        throw new InvalidDataException($"{Path.GetFileName(receiveTimesPath)} line {line}: the receive time goes back from the line before; a recording keeps times in order.");
                    }

                    if (segment is null)
                    {
                        first = micros;
                        var header = new FeedRecordingHeader(protocol.ToString(), feed, FeedRecordingFormat.UrlWithoutQuery(url), FeedRecordingFormat.FromMicroseconds(micros));
                        segment = new RecordingSegment(new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024), header);
                    }

                    if (payload.IsSingleSegment)
                    {
                        segment.Write(FrameKind.Text, payload.FirstSpan, micros);
                    }
                    else
                    {
                        segment.Write(FrameKind.Text, payload.ToArray(), micros);
                    }

                    last = micros;
                    frames++;
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            segment?.Dispose();
            await pipe.CompleteAsync().ConfigureAwait(false);
        }

        if (times is not null && await times.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } extra && extra.Trim().Length > 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(receiveTimesPath)} has more lines than {captureName} ({line}): they do not belong together.");
        }

        if (frames == 0)
        {
            throw new InvalidDataException($"{captureName} holds no frames.");
        }

        return new FeedRecordingImportResult(frames, FeedRecordingFormat.FromMicroseconds(first), FeedRecordingFormat.FromMicroseconds(last), blank);

        async ValueTask<long> ReceiveTimeAsync(StreamReader? reader, string? name, long number, DateTimeOffset start, CancellationToken token)
        {
            if (reader is null)
            {
                return FeedRecordingFormat.ToMicroseconds(start) + ((number - 1) * (UntimedSpacing.Ticks / 10));
            }

            var text = await reader.ReadLineAsync(token).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{Path.GetFileName(name)} ends at line {number - 1} but {captureName} goes on: they do not belong together.");
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var seconds)
                || seconds > 253_402_300_799m)
            {
                throw new InvalidDataException($"{Path.GetFileName(name)} line {number}: '{text}' is not a receive time in epoch seconds (e.g. 1633998512.0633569).");
            }

            return (long)decimal.Truncate(seconds * 1_000_000m);
        }
    }

    /// <summary>Takes the next line without its '\n' or "\r\n"; the last line needs no '\n' once the file has ended.</summary>
    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, (byte)'\n'))
        {
            buffer = buffer.Slice(reader.Position);
        }
        else if (completed && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
        }
        else
        {
            return false;
        }

        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        return true;
    }
}
