namespace Tickwatch.Storage.Cluster;

/// <summary>Durations on a <see cref="TimeProvider"/>'s monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), in its ticks.</summary>
internal static class TimestampExtensions
{
    /// <summary><paramref name="duration"/> in <paramref name="time"/>'s timestamp ticks.</summary>
    public static long TimestampOf(this TimeProvider time, TimeSpan duration) =>
        (long)(duration.Ticks * ((double)time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
