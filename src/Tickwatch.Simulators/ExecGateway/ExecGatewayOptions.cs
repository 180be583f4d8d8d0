using Tickwatch.Feeds.Listening;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Settings of the execution gateway (section <c>ExecGateway</c>), validated at start-up by <see cref="ExecGatewayOptionsValidator"/>.</summary>
public sealed class ExecGatewayOptions
{
    public const string SectionName = "ExecGateway";

    /// <summary>IP address the link and the control API listen on, or <c>localhost</c>.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the provider link; 0 picks any free port (read it back with <see cref="ExecGatewayHost.GetLinkEndPoint"/>).</summary>
    public int Port { get; set; } = 9002;

    /// <summary>Also accept the link on this Unix socket path, when set.</summary>
    public string? UnixSocketPath { get; set; }

    /// <summary>HTTP port of the control API (<c>/control/...</c>, <c>/health</c>, <c>/metrics</c>); 0 picks any free port.</summary>
    public int ControlPort { get; set; } = 9003;

    /// <summary>Required from non-loopback control callers, and to bind anything but loopback (the link has no authentication of its own).</summary>
    public string? Token { get; set; }

    /// <summary>Largest frame payload accepted; a longer length prefix drops the connection.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Most link connections at once; one more is closed at once.</summary>
    public int MaxConnections { get; set; } = 16;

    /// <summary>Reports waiting to be written to one connection (delayed or paused) before it is dropped as too slow.</summary>
    public int MaxQueuedReports { get; set; } = 100_000;

    /// <summary>Requests remembered by <c>cl_ord_id</c>, so that a repeated one is answered with its reports again instead of executed twice.</summary>
    public int MaxRememberedRequests { get; set; } = 100_000;

    /// <summary>Largest adverse slippage of a market, close or stop fill, in price units: each fill is worse by a random amount in 0..this.</summary>
    public decimal MaxSlippage { get; set; }

    /// <summary>Seed of the slippage; null for a random one.</summary>
    public int? Seed { get; set; }

    /// <summary>The quote hub feed the gateway takes its prices from; no URL means prices come only from <c>POST /control/prices</c>.</summary>
    public FeedOptions PriceFeed { get; set; } = new() { Name = "exec-prices", Url = new Uri("ws://127.0.0.1:9001/ws/json") };
}
