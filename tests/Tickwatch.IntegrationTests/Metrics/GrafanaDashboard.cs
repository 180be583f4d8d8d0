using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>deploy/grafana/dashboard.json, read for its queries.</summary>
public sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public IEnumerable<JsonObject> Panels => Json["panels"]!.AsArray().Select(p => p!.AsObject());

    /// <summary>Every panel query's PromQL, as written (with Grafana variables).</summary>
    public IReadOnlyList<string> Expressions =>
        [.. Panels.SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => t!["expr"]!.GetValue<string>())];

    /// <summary>Every metric name the queries use: names of Tickwatch's, the .NET runtime's, the process's and the HTTP server's metrics.</summary>
    public IReadOnlySet<string> MetricNames =>
        Expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

    public static GrafanaDashboard Load() =>
        new(JsonNode.Parse(File.ReadAllText(PrometheusTools.DeployFile("grafana/dashboard.json")))!.AsObject());

    /// <summary>A query with Grafana's variables replaced, as Prometheus would receive it for "all jobs and instances".</summary>
    public static string ForPrometheus(string expression) =>
        expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$job", ".*", StringComparison.Ordinal)
            .Replace("$instance", ".*", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(tickwatch|dotnet|process|http_server|kestrel)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
