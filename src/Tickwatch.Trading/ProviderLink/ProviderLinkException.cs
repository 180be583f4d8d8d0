namespace Tickwatch.Trading.ProviderLink;

/// <summary>A connection to the gateway that must be dropped (an oversized frame, a report the store could not take); the manager reconnects.</summary>
public sealed class ProviderLinkException : Exception
{
    public ProviderLinkException()
    {
    }

    public ProviderLinkException(string message)
        : base(message)
    {
    }

    public ProviderLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
