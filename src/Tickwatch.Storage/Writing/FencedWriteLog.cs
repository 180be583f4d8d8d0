using Microsoft.Extensions.Logging;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Writing;

/// <summary>Logs writes refused by a feed's fence once per feed per minute, with how many were refused since the last line.</summary>
/// <remarks>A takeover refuses every write the old holder still had in flight; one line says so, a line per price would flood.</remarks>
internal sealed class FencedWriteLog(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long LoggedAt, long Refused)> _feeds = new(StringComparer.Ordinal);

    public void Refused(string feed, string symbol, long token, long fence)
    {
        var now = time.GetTimestamp();
        long refused;
        lock (_gate)
        {
            if (_feeds.TryGetValue(feed, out var last) && time.GetElapsedTime(last.LoggedAt, now) < Interval)
            {
                _feeds[feed] = last with { Refused = last.Refused + 1 };
                return;
            }

            refused = (last.LoggedAt == 0 ? 0 : last.Refused) + 1;
            _feeds[feed] = (now, 0);
        }

        ClusterLog.WriteFenced(logger, feed, symbol, token, fence, refused);
    }
}
