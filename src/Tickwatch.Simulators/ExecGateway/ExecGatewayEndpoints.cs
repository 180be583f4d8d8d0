using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>The Kestrel endpoints of one gateway, kept to read back the ports bound when 0 was asked for.</summary>
internal sealed class ExecGatewayEndpoints
{
    public ListenOptions? Link { get; set; }

    public ListenOptions? Control { get; set; }

    public static IPEndPoint Bound(ListenOptions? listen, string what) =>
        listen?.IPEndPoint is { Port: > 0 } endPoint ? endPoint : throw new InvalidOperationException($"The execution gateway's {what} is not listening yet; start it first.");
}
