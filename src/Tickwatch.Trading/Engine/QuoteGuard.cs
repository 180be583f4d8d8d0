using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Engine;

/// <summary>
/// How every trading decision reads the book: a symbol's quote through the price guard (fresh, open market, younger
/// than its execution age) and the cross that converts a currency into an account's. The engine, the triggers and the
/// portfolio calculator each hold one, so an order and the portfolio beside it never judge a price differently.
/// </summary>
public sealed class QuoteGuard(PriceBook book, IOptions<TradingOptions> options, TimeProvider time)
{
    private readonly TradingOptions _options = options.Value;

    /// <summary>Whether the symbol is listed in the book (it may still have no price).</summary>
    public bool IsListed(string symbol) => book.Symbols.TryGet(symbol, out _);

    /// <summary>The guarded quote of a symbol at this instant.</summary>
    public GuardedQuote Check(string symbol) => Check(symbol, time.GetUtcNow());

    /// <summary>The guarded quote of a symbol at <paramref name="now"/> (one instant for a whole pass of valuations).</summary>
    public GuardedQuote Check(string symbol, DateTimeOffset now) =>
        book.Symbols.TryGet(symbol, out var settings)
            ? PriceGuard.Check(book.GetQuote(symbol), settings, _options.ExecutionAgeOf(symbol), now)
            : new GuardedQuote { Refusal = RefusalReason.UnknownSymbol };

    /// <summary>How an amount in <paramref name="currency"/> becomes the account's, through a listed cross; null when none is listed.</summary>
    public CurrencyConversion? ConversionOf(string currency, string accountCurrency) => CurrencyConversion.Find(currency, accountCurrency, IsListed);
}
