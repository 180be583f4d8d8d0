namespace Tickwatch.Gateway.MarketService;

/// <summary>How a call to the market service ended.</summary>
public enum MarketProbeOutcome
{
    /// <summary>It answered with its readiness report (ready or not).</summary>
    Answered,

    /// <summary>Nothing listens at its address, or the connection failed.</summary>
    Unreachable,

    /// <summary>It did not answer within <c>Gateway:MarketHealthTimeout</c>.</summary>
    Timeout,

    /// <summary>Something answered, but not with a readiness report.</summary>
    InvalidResponse,
}
