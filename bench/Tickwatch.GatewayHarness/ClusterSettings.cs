using System.Globalization;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.GatewayHarness;

/// <summary>What <c>--source cluster</c> adds to the harness's command line (see <see cref="HarnessSettings.Usage"/>).</summary>
internal sealed record ClusterSettings(
    IReadOnlyList<int> Steps,
    IReadOnlyList<StreamPacing> Pacings,
    int HubRate,
    int ClusterPort,
    string ClusterDirectory,
    string? Seeds,
    string Output,
    WorkloadProfile Profile = WorkloadProfile.Pacing,
    int Symbols = 58,
    FeedProtocol Protocol = FeedProtocol.Protobuf,
    PlacementMode Placement = PlacementMode.None,
    bool Limits = false)
{
    public const int MinSymbols = 50;
    public const int MaxSymbols = 10_000;

    /// <summary>Symbols each client takes when <c>--symbols-per-client</c> is not given.</summary>
    public int DefaultSymbolsPerClient => Profile == WorkloadProfile.Pacing ? 10 : 20;

    /// <summary>Report file names without extension: <c>gateway-cluster</c> for the pacing profile (issue 20's), else with the profile's name.</summary>
    public string ReportName => Profile == WorkloadProfile.Pacing ? "gateway-cluster" : "gateway-cluster-" + Profile.ToString().ToLowerInvariant();

    public static ClusterSettings Parse(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var profile = values.GetValueOrDefault("profile") switch
        {
            null or "pacing" => WorkloadProfile.Pacing,
            "broker" => WorkloadProfile.Broker,
            "stress" => WorkloadProfile.Stress,
            var other => throw new ArgumentException($"--profile is pacing, broker or stress, not '{other}'."),
        };
        var (defaultSteps, defaultPacings, defaultRate, defaultSymbols) = profile switch
        {
            WorkloadProfile.Broker => ("100,500,1000,2000,5000", "adaptive", 20_000, 2_000),
            WorkloadProfile.Stress => ("100,500,1000,2000,5000", "adaptive", 50_000, 58),
            _ => ("50,100,200,500,1000", "fixed,adaptive", 2_500, 58),
        };
        var steps = (values.GetValueOrDefault("steps") ?? defaultSteps).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        if (steps.Any(s => s < 1))
        {
            throw new ArgumentException("--steps are client counts of at least 1.");
        }

        var pacings = (values.GetValueOrDefault("pacings") ?? defaultPacings).Split(',')
            .Select(p => Enum.TryParse<StreamPacing>(p, ignoreCase: true, out var pacing) ? pacing : throw new ArgumentException($"--pacings are fixed or adaptive, not '{p}'."))
            .ToList();
        var symbols = values.TryGetValue("symbols", out var count) ? int.Parse(count, CultureInfo.InvariantCulture) : defaultSymbols;
        if (symbols is < MinSymbols or > MaxSymbols)
        {
            throw new ArgumentException($"--symbols is {MinSymbols} to {MaxSymbols}, not {symbols}.");
        }

        var protocol = values.GetValueOrDefault("protocol") switch
        {
            null or "protobuf" => FeedProtocol.Protobuf,
            "json" => FeedProtocol.Json,
            var other => throw new ArgumentException($"--protocol is protobuf or json, not '{other}'."),
        };
        var placement = values.GetValueOrDefault("placement") switch
        {
            null or "none" => PlacementMode.None,
            "split" => PlacementMode.Split,
            var other => throw new ArgumentException($"--placement is none or split, not '{other}'."),
        };
        var limits = values.GetValueOrDefault("limits") switch
        {
            // Off for the pacing profile, so issue 20's command runs and reports as before.
            null => profile != WorkloadProfile.Pacing,
            "yes" => true,
            "no" => false,
            var other => throw new ArgumentException($"--limits is yes or no, not '{other}'."),
        };
        return new ClusterSettings(
            steps,
            pacings,
            values.TryGetValue("hub-rate", out var rate) ? int.Parse(rate, CultureInfo.InvariantCulture) : defaultRate,
            values.TryGetValue("cluster-port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : 7801,
            values.GetValueOrDefault("cluster-dir") ?? ".tickwatch/redis-cluster-gateway-bench",
            values.GetValueOrDefault("seeds"),
            values.GetValueOrDefault("out") ?? ".tickwatch/gateway-bench",
            profile,
            symbols,
            protocol,
            placement,
            limits);
    }
}
