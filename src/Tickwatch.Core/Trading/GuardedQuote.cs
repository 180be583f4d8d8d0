using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Trading;

/// <summary>A quote the price guard let through, or why it did not: what execution, valuation and triggers act on.</summary>
public readonly record struct GuardedQuote
{
    /// <summary>The quote, present whenever the book holds one (also when refused, so the refusal can show it).</summary>
    public Quote? Quote { get; init; }

    /// <summary>Null when the quote may be acted on.</summary>
    public RefusalReason? Refusal { get; init; }

    /// <summary>Age of the quote at the check, when there is one.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>The age limit the quote was held to.</summary>
    public TimeSpan MaxAge { get; init; }

    public bool IsUsable => Refusal is null && Quote is not null;

    /// <summary>The usable quote; throws when the guard refused it (callers check <see cref="IsUsable"/> first).</summary>
    public Quote Usable => IsUsable ? Quote! : throw new InvalidOperationException($"The quote was refused ({Refusal}).");
}
