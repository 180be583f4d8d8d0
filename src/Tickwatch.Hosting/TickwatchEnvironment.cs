namespace Tickwatch.Hosting;

/// <summary>How Tickwatch reads its environment.</summary>
public static class TickwatchEnvironment
{
    /// <summary>Prefix of the environment variables Tickwatch reads, e.g. <c>TICKWATCH_Market__Port=8000</c>.</summary>
    public const string Prefix = "TICKWATCH_";
}
