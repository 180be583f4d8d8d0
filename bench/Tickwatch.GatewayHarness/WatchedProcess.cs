namespace Tickwatch.GatewayHarness;

/// <summary>One process of the path whose CPU, memory and placement a step reports, by role (hub, market, redis 7901, gateway, harness) and id.</summary>
internal sealed record WatchedProcess(string Role, int Pid);
