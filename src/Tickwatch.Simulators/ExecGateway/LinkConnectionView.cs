namespace Tickwatch.Simulators.ExecGateway;

/// <summary>One open link connection in <c>GET /control/status</c>.</summary>
/// <param name="Id">The connection's number since the gateway started.</param>
/// <param name="Remote">The peer's address.</param>
/// <param name="Requests">Requests read from it.</param>
/// <param name="Reports">Reports written to it.</param>
/// <param name="Queued">Reports waiting to be written.</param>
/// <param name="Delaying">Reports held right now by the delay control (0 or 1: the writer holds one at a time).</param>
public sealed record LinkConnectionView(long Id, string? Remote, long Requests, long Reports, int Queued, int Delaying);
