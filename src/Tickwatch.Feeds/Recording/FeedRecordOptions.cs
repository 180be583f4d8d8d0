namespace Tickwatch.Feeds.Recording;

/// <summary>Recording of one feed's frames (section <c>Feeds:N:Record</c>); off while <see cref="Directory"/> is empty.</summary>
public sealed class FeedRecordOptions
{
    /// <summary>The default rotation size: 256 MiB.</summary>
    public const long DefaultMaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The default queue: frames waiting for the disk before new ones are dropped and counted.</summary>
    public const int DefaultQueueCapacity = 8192;

    /// <summary>The directory the feed's <c>{feed}-{yyyyMMddTHHmmssZ}.twrec</c> files go to; empty records nothing.</summary>
    public string? Directory { get; set; }

    /// <summary>A file is closed and the next begun before a record would take it past this size.</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>A file is closed and the next begun at the first frame received this long after it began.</summary>
    public TimeSpan MaxFileAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Frames received but not yet written; when it is full a new frame is dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>How long a written frame may sit in the file buffer before it is pushed to the disk; also the wait before a failed write is tried again.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a directory is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Directory);

    /// <summary>Every problem with these options, each prefixed by <paramref name="at"/>; empty when off or usable. Creates the directory to prove it can be written.</summary>
    public IReadOnlyList<string> Errors(string at)
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        if (MaxFileBytes < 1024)
        {
            errors.Add($"{at}: Record:MaxFileBytes must be at least 1024 (was {MaxFileBytes}).");
        }

        if (MaxFileAge <= TimeSpan.Zero)
        {
            errors.Add($"{at}: Record:MaxFileAge must be positive (was {MaxFileAge}).");
        }

        if (QueueCapacity < 1)
        {
            errors.Add($"{at}: Record:QueueCapacity must be at least 1 (was {QueueCapacity}).");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            errors.Add($"{at}: Record:FlushInterval must be positive (was {FlushInterval}).");
        }

        if (WritableDirectoryProblem(Directory!) is { } problem)
        {
            errors.Add($"{at}: Record:Directory '{Directory}' {problem}");
        }

        return errors;
    }

    /// <summary>Null when <paramref name="directory"/> exists or can be created and a file can be written in it; else what is wrong, as a sentence's end.</summary>
    public static string? WritableDirectoryProblem(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".twrec-probe-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
                // Created and deleted on close: a file can be written here.
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot be written: {e.Message}";
        }
    }
}
