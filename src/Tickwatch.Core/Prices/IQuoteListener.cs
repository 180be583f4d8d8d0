namespace Tickwatch.Core.Prices;

/// <summary>Told of every quote the book accepts (store writer, triggers, portfolio). Must not block.</summary>
/// <remarks>Two feeds may deliver concurrently, so calls for one symbol can overtake each other; order by <see cref="Quote.BookSequence"/>.</remarks>
public interface IQuoteListener
{
    void OnQuote(Quote quote);
}
