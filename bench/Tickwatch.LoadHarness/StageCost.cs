namespace Tickwatch.LoadHarness;

/// <summary>One stage of the in-memory breakdown: how fast one core does it, and what it allocates.</summary>
internal sealed record StageCost(string Stage, double NanosecondsPerUpdate, double UpdatesPerSecondPerCore, double AllocatedBytesPerUpdate);
