namespace Tickwatch.GatewayHarness;

/// <summary>What <c>--source cluster</c> offers the whole path by default (<c>--profile</c>); each option given overrides its part.</summary>
internal enum WorkloadProfile
{
    /// <summary>Issue 20's pacing comparison: 58 standard symbols at 2,500 updates/s, 10 symbols per client, both pacings, 50 to 1,000 clients.</summary>
    Pacing,

    /// <summary>A large broker at a busy hour: 2,000 symbols at 20,000 updates/s, 20 symbols per client, adaptive pacing, 100 to 5,000 clients.</summary>
    Broker,

    /// <summary>The harsh case: the 58 standard symbols at 50,000 updates/s, 20 symbols per client, adaptive pacing, 100 to 5,000 clients.</summary>
    Stress,
}
