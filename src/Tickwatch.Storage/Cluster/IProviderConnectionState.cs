namespace Tickwatch.Storage.Cluster;

/// <summary>Whether this instance's own link to the liquidity provider is connected now; its heartbeat says so (<c>provider_connected</c>).</summary>
/// <remarks>The trading engine's provider link implements it; storage knows only the answer, so other instances can tell whether some instance holds a connected link.</remarks>
public interface IProviderConnectionState
{
    /// <summary>True while this instance's connection to the execution gateway is up.</summary>
    bool ProviderConnected { get; }
}
