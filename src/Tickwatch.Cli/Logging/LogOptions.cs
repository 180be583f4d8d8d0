using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Cli.Logging;

/// <summary>Where and how the <c>tickwatch</c> roles write their logs (section <c>Logs</c>); levels come from the usual <c>Logging:LogLevel</c>.</summary>
public sealed class LogOptions
{
    public const string SectionName = "Logs";

    /// <summary>Folder of the log files, relative to the working folder unless absolute; the guide greps <c>logs/</c>.</summary>
    [Required]
    public string Directory { get; set; } = "logs";

    /// <summary>Write log files at all (the console log is always written).</summary>
    public bool Files { get; set; } = true;

    /// <summary>Days of detailed logs kept (one file a day): the guide keeps 7.</summary>
    [Range(1, 3650)]
    public int DetailedRetainedDays { get; set; } = 7;

    /// <summary>Days of summary logs kept (operator lines, warnings and errors): the guide keeps 30.</summary>
    [Range(1, 3650)]
    public int SummaryRetainedDays { get; set; } = 30;

    /// <summary>A day's file that reaches this size continues in a numbered file, so one noisy day cannot fill the disk.</summary>
    [Range(1, 100_000)]
    public int MaxFileSizeMegabytes { get; set; } = 256;

    /// <summary>Also write the detailed log as JSON lines (rendered message included) for log shippers.</summary>
    public bool Json { get; set; }
}
