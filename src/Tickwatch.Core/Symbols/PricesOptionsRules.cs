namespace Tickwatch.Core.Symbols;

/// <summary>Every problem of the price limits (<see cref="PricesOptions"/>), each naming its setting, so that a host reports them all at once.</summary>
public static class PricesOptionsRules
{
    /// <summary>The problems of <paramref name="options"/>; empty when there are none.</summary>
    public static List<string> Errors(PricesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.DefaultMaxQuoteAge <= TimeSpan.Zero)
        {
            errors.Add($"Prices:DefaultMaxQuoteAge must be positive (was {options.DefaultMaxQuoteAge}).");
        }

        foreach (var (kind, text) in options.TradingHours)
        {
            if (!Enum.TryParse<InstrumentKind>(kind, ignoreCase: true, out _))
            {
                errors.Add($"Prices:TradingHours:{kind} names no instrument class (Forex, Metal, Index, Energy, Crypto).");
            }
            else if (!TradingHours.TryParse(text, out _, out var error))
            {
                errors.Add($"Prices:TradingHours:{kind}: {error}.");
            }
        }

        foreach (var (symbol, limits) in options.Overrides.Where(o => o.Value.TradingHours is not null))
        {
            if (!TradingHours.TryParse(limits.TradingHours, out _, out var error))
            {
                errors.Add($"Prices:Overrides:{symbol}:TradingHours: {error}.");
            }
        }

        foreach (var symbol in options.Symbols.Where(s => !SymbolRegistry.IsWellFormed(s)))
        {
            errors.Add($"Prices:Symbols has a malformed symbol '{symbol}' (letters, digits and . _ - /, 1 to 32 characters).");
        }

        foreach (var (symbol, limits) in options.Overrides)
        {
            var at = $"Prices:Overrides:{symbol}";
            if (limits.MaxQuoteAge is { } age && age <= TimeSpan.Zero)
            {
                errors.Add($"{at}:MaxQuoteAge must be positive.");
            }

            if (limits.MaxJump is { } jump && jump <= 0m)
            {
                errors.Add($"{at}:MaxJump must be a positive fraction.");
            }

            if (limits.JumpConfirmations is { } confirmations && confirmations < 1)
            {
                errors.Add($"{at}:JumpConfirmations must be at least 1.");
            }

            if (limits.MaxFeedDivergence is { } divergence && divergence <= 0m)
            {
                errors.Add($"{at}:MaxFeedDivergence must be a positive fraction.");
            }

            if (limits.TradeTolerance is { } tolerance && (tolerance < 0m || tolerance >= 1m))
            {
                errors.Add($"{at}:TradeTolerance must be a fraction from 0 up to (not including) 1.");
            }
        }

        return errors;
    }
}
