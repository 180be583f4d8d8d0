using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>What the frames sent so far must have done to the listener's counters, summed frame by frame.</summary>
public sealed class ExpectationTally
{
    private readonly long[] _errors = new long[ParseErrorCategoryNames.Count];

    public long Frames { get; private set; }

    /// <summary>Frames the listener must count as messages: every frame but those that end the connection.</summary>
    public long Messages { get; private set; }

    public long Updates { get; private set; }

    public long Ignored { get; private set; }

    /// <summary>Frames refused as a whole (<c>messages_failed</c>).</summary>
    public long Failed { get; private set; }

    /// <summary>Frames that end the connection, each followed by a reconnection.</summary>
    public long Drops { get; private set; }

    public long Bytes { get; private set; }

    public SortedDictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>Parse errors by category name, every category present.</summary>
    public IReadOnlyDictionary<string, long> Errors =>
        Enumerable.Range(0, _errors.Length).ToDictionary(i => ((ParseErrorCategory)i).ToWireName(), i => _errors[i]);

    public void Add(HostileFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var expected = frame.Expected ?? throw new ArgumentException("A frame is tallied once its outcome is known.", nameof(frame));
        Frames++;
        Bytes += frame.Payload.Length;
        ByKind[frame.Kind] = ByKind.GetValueOrDefault(frame.Kind) + 1;
        if (expected.Fate == FrameFate.DropsConnection)
        {
            Drops++;
            return;
        }

        Messages++;
        Updates += expected.Updates;
        foreach (var error in expected.EntryErrors)
        {
            _errors[(int)error]++;
        }

        switch (expected.Fate)
        {
            case FrameFate.Ignored:
                Ignored++;
                break;
            case FrameFate.Failed:
                Failed++;
                _errors[(int)expected.FrameError!.Value]++;
                break;
        }
    }
}
