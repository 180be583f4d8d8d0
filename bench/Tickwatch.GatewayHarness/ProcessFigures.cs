using System.Text.Json.Serialization;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// One process over a step's measured window: CPU cores used, resident set at the window's end and its peak over the step
/// (MiB), and the CPUs it may run on as <c>/proc/PID/status</c> <c>Cpus_allowed_list</c> read it. The Redis sum has no pid.
/// </summary>
internal sealed record ProcessFigures(
    string Role,
    int? Pid,
    string? CpusAllowed,
    double? Cores,
    [property: JsonPropertyName("rss_end_mib")] double? RssEndMiB,
    [property: JsonPropertyName("rss_peak_mib")] double? RssPeakMiB);
