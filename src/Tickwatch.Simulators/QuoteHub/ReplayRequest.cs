namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Body of <c>POST /control/replay</c>.</summary>
public sealed class ReplayRequest
{
    /// <summary>The replaying feed; may be left out when only one feed replays.</summary>
    public string? Feed { get; set; }

    /// <summary><c>start</c>, <c>pause</c>, <c>resume</c>, <c>restart</c> (from the first frame) or <c>speed</c>.</summary>
    public string? Action { get; set; }

    /// <summary>With <c>speed</c> (and optionally with the others): the new speed factor, 0 for as fast as possible.</summary>
    public double? Speed { get; set; }
}
