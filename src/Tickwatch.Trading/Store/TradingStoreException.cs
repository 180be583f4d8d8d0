namespace Tickwatch.Trading.Store;

/// <summary>The trading store could not be read or written, or held data it cannot read; the inner exception has the store's own error.</summary>
/// <remarks>A commit that failed this way may or may not have been written: repeat it with the same idempotency key.</remarks>
public sealed class TradingStoreException : Exception
{
    public TradingStoreException()
    {
    }

    public TradingStoreException(string message)
        : base(message)
    {
    }

    public TradingStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
