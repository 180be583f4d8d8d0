namespace Tickwatch.GatewayHarness;

/// <summary>How the harness's clients read their streams.</summary>
internal enum ClientMode
{
    /// <summary>A <see cref="System.Net.WebSockets.ClientWebSocket"/> and an async receive loop per client.</summary>
    Async,

    /// <summary>Raw non-blocking sockets, hand-parsed frames, a few reader threads waiting with <see cref="System.Net.Sockets.Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>.</summary>
    Poll,
}
