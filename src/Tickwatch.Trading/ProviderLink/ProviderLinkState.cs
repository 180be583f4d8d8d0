namespace Tickwatch.Trading.ProviderLink;

/// <summary>Where the connection manager is.</summary>
public enum ProviderLinkState
{
    /// <summary><c>ProviderLink:Enabled</c> is false.</summary>
    Disabled,

    Connecting,

    Connected,

    /// <summary>Waiting out a reconnect delay.</summary>
    Backoff,

    Stopped,
}
