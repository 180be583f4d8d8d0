namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Where a feed's replay is, in <c>GET /control/status</c> (each replaying feed's <c>replay</c>) and the answer of <c>POST /control/replay</c>.</summary>
/// <param name="Feed">The feed's name.</param>
/// <param name="File">The recording replayed.</param>
/// <param name="State"><c>waiting</c> (for a client or a start), <c>running</c>, <c>paused</c> or <c>finished</c>.</param>
/// <param name="Speed">The speed factor (0: as fast as possible).</param>
/// <param name="Loop">Whether the replay starts again at the end of the file.</param>
/// <param name="FramesSent">Recorded frames sent in this pass (through the feed's faults, so a stalled frame counts too).</param>
/// <param name="FramesSkipped">Recorded frames not replayed because they are the venue's control answers (the hub answers control itself).</param>
/// <param name="Passes">Passes completed over the whole file (a looping replay counts each).</param>
/// <param name="RecordedStart">The receive time of the recording's first frame; null before it is read.</param>
/// <param name="RecordedReached">The receive time of the last frame sent; null before the first.</param>
/// <param name="NextFrameDue">The hub time the next frame is due at, while the replay waits for it; null otherwise.</param>
/// <param name="Finished">The file has been replayed to its end and the replay does not loop.</param>
/// <param name="Torn">The file ended inside a record (a crash while recording): it was replayed up to the tear.</param>
/// <param name="TornBytes">The bytes of the cut record that were left out.</param>
/// <param name="Error">Why the replay stopped, when the file could not be read.</param>
public sealed record ReplayStatus(
    string Feed,
    string File,
    string State,
    double Speed,
    bool Loop,
    long FramesSent,
    long FramesSkipped,
    long Passes,
    DateTimeOffset? RecordedStart,
    DateTimeOffset? RecordedReached,
    DateTimeOffset? NextFrameDue,
    bool Finished,
    bool Torn,
    int TornBytes,
    string? Error);
