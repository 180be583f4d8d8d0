namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Where an account's margin level puts it, or that it cannot be told.</summary>
public enum AutoCutoffZone
{
    /// <summary>Above its cutoff level, or no margin used.</summary>
    Safe,

    /// <summary>At or below its cutoff level, at or above its liquidation level: a margin call.</summary>
    MarginCall,

    /// <summary>Below its liquidation level: positions are closed, largest loss first.</summary>
    StopOut,

    /// <summary>Not acted on: a price, the margin level or the portfolio is stale or missing.</summary>
    Held,
}
