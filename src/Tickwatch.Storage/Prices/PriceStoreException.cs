namespace Tickwatch.Storage.Prices;

/// <summary>A store could not be read; the inner exception has the store's own error.</summary>
public sealed class PriceStoreException : Exception
{
    public PriceStoreException()
    {
    }

    public PriceStoreException(string message)
        : base(message)
    {
    }

    public PriceStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
