using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>What one frame must do to the listener's counters: its fate, its frame-level error, its entry errors and how many prices it delivers.</summary>
public sealed record FrameExpectation(FrameFate Fate, ParseErrorCategory? FrameError, IReadOnlyList<ParseErrorCategory> EntryErrors, int Updates)
{
    public static FrameExpectation Ignored { get; } = new(FrameFate.Ignored, null, [], 0);

    public static FrameExpectation DropsConnection { get; } = new(FrameFate.DropsConnection, null, [], 0);

    public static FrameExpectation Decoded(int updates, params ParseErrorCategory[] entryErrors) => new(FrameFate.Decoded, null, entryErrors, updates);

    public static FrameExpectation Failed(ParseErrorCategory error) => new(FrameFate.Failed, error, [], 0);

    /// <summary>One line for a report: the fate and every category.</summary>
    public string Describe() =>
        Fate + (FrameError is { } error ? " " + error.ToWireName() : "")
        + (EntryErrors.Count > 0 ? " [" + string.Join(",", EntryErrors.Select(e => e.ToWireName())) + "]" : "")
        + (Updates > 0 ? $" {Updates} prices" : "");

    public bool SameAs(FrameExpectation other) =>
        Fate == other.Fate && FrameError == other.FrameError && Updates == other.Updates && EntryErrors.SequenceEqual(other.EntryErrors);
}
