using System.Globalization;
using System.Text;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The figures of one hostile run and every check it failed (none when the listener held).</summary>
public sealed record HostileFeedReport
{
    public required HostileFeedSettings Settings { get; init; }

    public required ExpectationTally Expected { get; init; }

    public required FeedStatisticsSnapshot Listener { get; init; }

    public required PriceBookStatistics Book { get; init; }

    /// <summary>From the first frame queued until the listener had counted the last one before the finals.</summary>
    public required TimeSpan Duration { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    public required long PeakManagedHeapBytes { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public bool Passed => Failures.Count == 0;

    public double FramesPerSecond => Expected.Frames / Math.Max(Duration.TotalSeconds, 1e-9);

    /// <summary>The figures, one per line, then the failures.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"hostile feed run: protocol {Settings.Protocol}, seed {Settings.Seed}, {Expected.Frames:N0} frames ({Expected.Bytes / 1e6:F1} MB) {(Passed ? "PASSED" : "FAILED")}");
        text.AppendLine(invariant, $"  duration {Duration.TotalSeconds:F2} s, {FramesPerSecond:N0} frames/s, {Expected.Bytes / 1e6 / Math.Max(Duration.TotalSeconds, 1e-9):F1} MB/s");
        text.AppendLine(invariant, $"  peak working set {PeakWorkingSetBytes / 1e6:F0} MB, peak managed heap {PeakManagedHeapBytes / 1e6:F0} MB");
        text.AppendLine(invariant, $"  listener: {Listener.MessagesReceived:N0} messages, {Listener.UpdatesReceived:N0} prices, {Listener.FramesIgnored:N0} ignored, {Listener.MessagesFailed:N0} failed, {Listener.ParseErrors:N0} parse errors, session {Listener.Session}, {Listener.Disconnections} disconnections, state {Listener.State}, running {Listener.IsRunning}");
        text.AppendLine("  parse errors by category (counted / expected):");
        foreach (var (category, count) in Listener.ParseErrorsByCategory.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.AppendLine(invariant, $"    {category,-20} {count,10:N0} / {Expected.Errors.GetValueOrDefault(category),10:N0}");
        }

        text.AppendLine("  frames by kind:");
        foreach (var (kind, count) in Expected.ByKind)
        {
            text.AppendLine(invariant, $"    {kind,-20} {count,10:N0}");
        }

        var refused = string.Join(", ", Book.Rejected.Where(r => r.Value > 0).Select(r => string.Create(invariant, $"{r.Key} {r.Value:N0}")));
        text.AppendLine(invariant, $"  book: {Book.Accepted:N0} accepted, {Book.Incomplete:N0} incomplete, {Book.Duplicates:N0} duplicates, {Book.OutOfOrder:N0} out of order, {Book.Superseded:N0} superseded; refused: {refused}");
        foreach (var failure in Failures)
        {
            text.AppendLine("  FAILED: " + failure);
        }

        return text.ToString();
    }
}
