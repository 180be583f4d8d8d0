namespace Tickwatch.Gateway.Streaming;

/// <summary>Whether a new stream connection may open, and if not, which limit it met.</summary>
public enum StreamAdmission
{
    /// <summary>It may: a place is taken until it leaves.</summary>
    Admitted,

    /// <summary><see cref="StreamOptions.MaxClients"/> are connected.</summary>
    GatewayFull,

    /// <summary>Its user has <see cref="StreamOptions.MaxConnectionsPerUser"/> streams open.</summary>
    UserFull,
}
