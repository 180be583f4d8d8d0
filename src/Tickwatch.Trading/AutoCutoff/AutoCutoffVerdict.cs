namespace Tickwatch.Trading.AutoCutoff;

/// <summary>What the rules make of one account's figures: its zone and, when held, why.</summary>
/// <param name="Zone">The zone.</param>
/// <param name="HoldReason">When held, one of the <see cref="AutoCutoffRules"/> reasons (<c>stale_price</c>, ...).</param>
/// <param name="Detail">When held, the reason in a sentence.</param>
public readonly record struct AutoCutoffVerdict(AutoCutoffZone Zone, string? HoldReason = null, string? Detail = null)
{
    public static AutoCutoffVerdict Hold(string reason, string detail) => new(AutoCutoffZone.Held, reason, detail);
}
