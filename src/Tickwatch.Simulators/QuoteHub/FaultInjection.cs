namespace Tickwatch.Simulators.QuoteHub;

/// <summary>What became of a request to inject a fault.</summary>
public enum FaultInjection
{
    /// <summary>The fault started (or, for a drop without a duration, did its work).</summary>
    Injected,

    /// <summary>The request was not valid; the errors say why, by field.</summary>
    Invalid,

    /// <summary>As many faults as <c>QuoteHub:MaxActiveFaults</c> allows are active already.</summary>
    TooManyActive,
}
