namespace Tickwatch.LoadHarness;

/// <summary>One feed's share of a measurement window.</summary>
internal sealed record FeedRate(string Feed, string Protocol, double UpdatesPerSecond, double FramesPerSecond);
