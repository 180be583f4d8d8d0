namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Body of the answer to <c>POST /control/drop</c>.</summary>
public sealed record ConnectionsDropped(int Dropped);
