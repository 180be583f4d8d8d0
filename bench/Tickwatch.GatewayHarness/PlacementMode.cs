namespace Tickwatch.GatewayHarness;

/// <summary>Where <c>--source cluster</c> runs its processes (<c>--placement</c>).</summary>
internal enum PlacementMode
{
    /// <summary>Wherever the scheduler puts them.</summary>
    None,

    /// <summary>The gateway alone on the last CPU; the hub, market, Redis nodes and this harness with its clients on the others.</summary>
    Split,
}
