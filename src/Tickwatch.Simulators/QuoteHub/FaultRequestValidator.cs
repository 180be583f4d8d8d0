namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Turns a <see cref="FaultRequest"/> into a <see cref="FaultSpec"/>, or lists every field that is wrong.</summary>
internal static class FaultRequestValidator
{
    public const long MaxDurationMs = 24L * 60 * 60 * 1000;
    public const int MaxCount = 1_000_000;

    public static FaultSpec? Validate(FaultRequest request, IReadOnlyList<string> feeds, Func<string, bool> isSymbol, Dictionary<string, string[]> errors)
    {
        if (!FaultKindNames.TryParse(request.Kind, out var kind))
        {
            var got = request.Kind is null ? "missing" : $"'{request.Kind}'";
            errors["kind"] = [$"kind is {got}; expected one of {string.Join(", ", FaultKindNames.All)}."];
            return null;
        }

        var feedIndex = -1;
        if (request.Feed is not null)
        {
            feedIndex = IndexOf(feeds, request.Feed);
            if (feedIndex < 0)
            {
                errors["feed"] = [$"Unknown feed '{request.Feed}'; the hub serves {string.Join(", ", feeds)} (null for all)."];
            }
        }

        CheckSymbol(kind, request.Symbol, isSymbol, errors);

        if (request.DurationMs is < 1 or > MaxDurationMs)
        {
            errors["duration_ms"] = [$"duration_ms must be 1..{MaxDurationMs} (or null for until cleared)."];
        }

        if (request.Count is not null)
        {
            if (!kind.IsCounted())
            {
                errors["count"] = [$"count does not apply to {kind.ToWireName()}; it applies to garbage, truncate, duplicate, out_of_order and spike."];
            }
            else if (request.Count is < 1 or > MaxCount)
            {
                errors["count"] = [$"count must be 1..{MaxCount}."];
            }
        }

        CheckFactor(kind, request.Factor, errors);
        CheckOffset(kind, request.Offset, errors);

        if (errors.Count > 0)
        {
            return null;
        }

        var duration = request.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var count = kind.IsCounted() ? request.Count ?? 1 : (int?)null;
        return new FaultSpec(kind, feedIndex, request.Feed, request.Symbol, duration, count, request.Factor, request.Offset);
    }

    private static void CheckSymbol(FaultKind kind, string? symbol, Func<string, bool> isSymbol, Dictionary<string, string[]> errors)
    {
        if (symbol is null)
        {
            if (kind is FaultKind.Spike or FaultKind.Freeze)
            {
                errors["symbol"] = [$"{kind.ToWireName()} needs a symbol."];
            }

            return;
        }

        if (kind is not (FaultKind.Spike or FaultKind.Freeze or FaultKind.Diverge))
        {
            errors["symbol"] = [$"symbol does not apply to {kind.ToWireName()}; it applies to spike, freeze and diverge."];
        }
        else if (!isSymbol(symbol))
        {
            errors["symbol"] = [$"The hub does not serve '{symbol}'."];
        }
    }

    private static void CheckFactor(FaultKind kind, decimal? factor, Dictionary<string, string[]> errors)
    {
        if (kind == FaultKind.Spike)
        {
            if (factor is null or <= 0 or > 1000)
            {
                errors["factor"] = ["spike needs a factor greater than 0 and at most 1000 (1.5 = +50 %)."];
            }
        }
        else if (factor is not null)
        {
            errors["factor"] = [$"factor does not apply to {kind.ToWireName()}; it applies to spike."];
        }
    }

    private static void CheckOffset(FaultKind kind, decimal? offset, Dictionary<string, string[]> errors)
    {
        if (kind == FaultKind.Diverge)
        {
            if (offset is null or <= -1 or > 10)
            {
                errors["offset"] = ["diverge needs an offset greater than -1 and at most 10, as a fraction (0.01 = +1 %)."];
            }
        }
        else if (offset is not null)
        {
            errors["offset"] = [$"offset does not apply to {kind.ToWireName()}; it applies to diverge."];
        }
    }

    private static int IndexOf(IReadOnlyList<string> feeds, string name)
    {
        for (var i = 0; i < feeds.Count; i++)
        {
            if (feeds[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
