namespace Tickwatch.Hosting.Health;

/// <summary>The body of <c>GET /health</c>.</summary>
/// <param name="Status">Always <c>alive</c>: answering at all is the point.</param>
/// <param name="Service">Which Tickwatch service answered.</param>
/// <param name="Timestamp">The service's clock.</param>
/// <param name="Degraded">Started with a failed critical prerequisite that has not passed since (<c>Market:StartDegraded</c>).</param>
public sealed record AliveResponse(string Status, string Service, DateTimeOffset Timestamp, bool Degraded);
