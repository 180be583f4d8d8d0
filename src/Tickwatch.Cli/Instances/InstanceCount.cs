using System.Globalization;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Cli.Instances;

/// <summary>The <c>--instances N</c> of <c>tickwatch up</c>: how many market services and gateways run side by side.</summary>
internal static class InstanceCount
{
    /// <summary>Fewer than two is plain <c>tickwatch up</c>: nothing to fail over to.</summary>
    public const int Min = 2;

    /// <summary>More market services than account partitions would leave some owning nothing.</summary>
    public const int Max = PartitionMap.DefaultPartitions;

    /// <summary>Reads <paramref name="text"/> as a count from <see cref="Min"/> to <see cref="Max"/>; otherwise says why not in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out int count, out string? error)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < Min || count > Max)
        {
            count = 0;
            error = $"--instances '{text}' must be a whole number from {Min} to {Max} (market services and gateways each; "
                + $"one instance is plain `tickwatch up`, more than {Max} would leave market services without an account partition).";
            return false;
        }

        error = null;
        return true;
    }
}
