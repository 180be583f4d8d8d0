namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Body of <c>POST /control/delay</c>, <c>/control/repeat</c>, <c>/control/slippage</c> and <c>/control/split</c>: each reads its own field.</summary>
public sealed class BehaviourRequest
{
    /// <summary>How late every later report is written, 0..600000 ms (<c>/control/delay</c>).</summary>
    public long? DelayMs { get; set; }

    /// <summary>How many times each later report is written, 1..10 (<c>/control/repeat</c>).</summary>
    public int? Copies { get; set; }

    /// <summary>Largest adverse slippage of later fills, in price units (<c>/control/slippage</c>).</summary>
    public decimal? MaxSlippage { get; set; }

    /// <summary>Partial fills each later new order fills in, 1..10 (<c>/control/split</c>; 1 is normal).</summary>
    public int? Parts { get; set; }
}
