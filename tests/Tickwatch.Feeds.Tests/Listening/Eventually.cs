using System.Diagnostics;
using Xunit.Sdk;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>Waits for a condition with a deadline, polling; the way these tests wait instead of sleeping.</summary>
internal static class Eventually
{
    /// <summary>Generous, for a loaded 2-core machine; a passing test returns as soon as its condition holds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task Until(Func<bool> condition, TimeSpan? timeout = null, Func<string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        using var poll = new PeriodicTimer(PollInterval);
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new XunitException($"Condition not met within {limit.TotalSeconds:F1} s. {describe?.Invoke()}");
            }

            await poll.WaitForNextTickAsync();
        }
    }
}
