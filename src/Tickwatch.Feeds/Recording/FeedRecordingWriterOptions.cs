using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>Where and how a feed is recorded: the directory, what the header says, and when a file rotates.</summary>
public sealed class FeedRecordingWriterOptions
{
    /// <summary>The directory the <c>{feed}-{yyyyMMddTHHmmssZ}.twrec</c> files go to (created if missing).</summary>
    public required string Directory { get; init; }

    /// <summary>The feed's name: the file name's prefix, so letters, digits, '-', '_' and '.' only.</summary>
    public required string Feed { get; init; }

    public required FeedProtocol Protocol { get; init; }

    /// <summary>The feed's URL; the header keeps it without its query string.</summary>
    public Uri? Url { get; init; }

    /// <summary>A file is closed and the next begun before a record would take it past this size.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>A file is closed and the next begun at the first frame received this long after the file began.</summary>
    public TimeSpan MaxFileAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>True for a name that can prefix a file name anywhere: letters, digits, '-', '_' and '.' only.</summary>
    public static bool IsValidFeedName(string? feed) =>
        !string.IsNullOrEmpty(feed) && feed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("The recording directory is required.");
        }

        if (!IsValidFeedName(Feed))
        {
            errors.Add($"The feed name '{Feed}' must be letters, digits, '-', '_' or '.' (it names the files).");
        }

        if (MaxFileBytes < 1024)
        {
            errors.Add($"MaxFileBytes must be at least 1024 (is {MaxFileBytes}).");
        }

        if (MaxFileAge <= TimeSpan.Zero)
        {
            errors.Add($"MaxFileAge must be positive (is {MaxFileAge}).");
        }

        return errors;
    }
}
