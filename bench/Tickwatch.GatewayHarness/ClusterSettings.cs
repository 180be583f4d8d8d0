using System.Globalization;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.GatewayHarness;

/// <summary>What <c>--source cluster</c> adds to the harness's command line (see <see cref="HarnessSettings.Usage"/>).</summary>
internal sealed record ClusterSettings(
    IReadOnlyList<int> Steps, IReadOnlyList<StreamPacing> Pacings, int HubRate, int ClusterPort, string ClusterDirectory, string? Seeds, string Output)
{
    public static ClusterSettings Parse(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var steps = (values.GetValueOrDefault("steps") ?? "50,100,200,500,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        if (steps.Any(s => s < 1))
        {
            throw new ArgumentException("--steps are client counts of at least 1.");
        }

        var pacings = (values.GetValueOrDefault("pacings") ?? "fixed,adaptive").Split(',')
            .Select(p => Enum.TryParse<StreamPacing>(p, ignoreCase: true, out var pacing) ? pacing : throw new ArgumentException($"--pacings are fixed or adaptive, not '{p}'."))
            .ToList();
        return new ClusterSettings(
            steps,
            pacings,
            values.TryGetValue("hub-rate", out var rate) ? int.Parse(rate, CultureInfo.InvariantCulture) : 2_500,
            values.TryGetValue("cluster-port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : 7801,
            values.GetValueOrDefault("cluster-dir") ?? ".tickwatch/redis-cluster-gateway-bench",
            values.GetValueOrDefault("seeds"),
            values.GetValueOrDefault("out") ?? ".tickwatch/gateway-bench");
    }
}
