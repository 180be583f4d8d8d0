namespace Tickwatch.Simulators.ExecGateway;

/// <summary>One open link connection in <c>GET /control/status</c>.</summary>
public sealed record LinkConnectionView(long Id, string? Remote, long Requests, long Reports, int Queued);
