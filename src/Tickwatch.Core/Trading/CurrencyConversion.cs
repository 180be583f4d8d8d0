namespace Tickwatch.Core.Trading;

/// <summary>
/// How an amount in one currency becomes the account currency: through the cross that quotes it against the account
/// currency (<c>JPY</c> to USD divides by <c>USDJPY</c>, <c>GBP</c> multiplies by <c>GBPUSD</c>), at the cross's mid.
/// </summary>
/// <param name="Symbol">The cross, or null when the currencies are the same.</param>
/// <param name="Inverted">True when the amount is divided by the cross (account currency quoted first).</param>
public readonly record struct CurrencyConversion(string? Symbol, bool Inverted)
{
    /// <summary>No conversion: the amount is in the account currency already.</summary>
    public static readonly CurrencyConversion Identity = new(null, false);

    /// <summary>The conversion from <paramref name="currency"/> to <paramref name="accountCurrency"/>, or null when no listed cross quotes them.</summary>
    public static CurrencyConversion? Find(string currency, string accountCurrency, Func<string, bool> isListed)
    {
        ArgumentNullException.ThrowIfNull(isListed);
        if (string.Equals(currency, accountCurrency, StringComparison.Ordinal))
        {
            return Identity;
        }

        if (isListed(currency + accountCurrency))
        {
            return new CurrencyConversion(currency + accountCurrency, false);
        }

        return isListed(accountCurrency + currency) ? new CurrencyConversion(accountCurrency + currency, true) : null;
    }

    /// <summary>The amount in the account currency, given the cross's bid and ask.</summary>
    public decimal Apply(decimal amount, decimal bid, decimal ask)
    {
        if (Symbol is null)
        {
            return amount;
        }

        var mid = (bid + ask) / 2m;
        return Inverted ? amount / mid : amount * mid;
    }
}
