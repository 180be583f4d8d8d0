namespace Tickwatch.Cli.Instances;

/// <summary>What <c>tickwatch up --instances</c> prints once every process is ready: each address and pid, who writes each feed, and the commands to try.</summary>
internal static class ClusterBanner
{
    public static void Print(TextWriter output, ClusterPlan plan, IReadOnlyList<ChildProcess> children, IReadOnlyDictionary<string, string?> writers, bool redisStartedHere, string? demoToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(writers);
        var pid = children.ToDictionary(c => c.Role.Name, c => c.Id, StringComparer.Ordinal);
        var market = Show(plan.Markets[0].Url);
        var gateway = Show(plan.Gateways[0].Url);
        output.WriteLine();
        output.WriteLine($"Tickwatch is up: {plan.Markets.Count} market services in Leased mode and {plan.Gateways.Count} gateways on one Redis Cluster.");
        foreach (var role in plan.Gateways)
        {
            output.WriteLine($"  {role.Name,-13}{Show(role.Url),-24}pid {pid[role.Name],-8}live prices ws{Show(role.Url)[4..]}/api/stream; market services {string.Join(", ", role.Settings.Where(s => s.Key.StartsWith("Gateway:MarketServiceUrls:", StringComparison.Ordinal)).Select(s => Show(new Uri(s.Value))))}");
        }

        foreach (var role in plan.Markets)
        {
            output.WriteLine($"  {role.Name,-13}{Show(role.Url),-24}pid {pid[role.Name],-8}dashboard {Show(role.Url)}/, metrics {Show(role.Url)}/metrics");
        }

        foreach (var role in plan.Simulators)
        {
            var what = role.Command == "exec-gateway" ? $"control {Show(role.Url)}/control/status, provider link tcp://{plan.ProviderLink}" : $"control {Show(role.Url)}/control/status, feeds ws{Show(role.Url)[4..]}/ws/json and /ws/binary";
            output.WriteLine($"  {role.Name,-13}{Show(role.Url),-24}pid {pid[role.Name],-8}{what}");
        }

        output.WriteLine($"  redis        {plan.Redis}{(redisStartedHere ? "  (started for this run, stopped with it)" : "")}");
        var logs = Path.GetDirectoryName(plan.Markets[0].Settings["Logs:Directory"]) ?? "";
        output.WriteLine($"  logs         {Path.Combine(logs, "<name>")}/ per process; the process list in {Path.GetRelativePath(Environment.CurrentDirectory, ClusterProcessList.FilePath)}");

        output.WriteLine();
        output.WriteLine("Who writes each feed (one market service connects to a feed and writes its prices; the others stand by, their books replicated):");
        foreach (var group in writers.GroupBy(w => w.Value ?? "nobody yet", StringComparer.Ordinal))
        {
            var standby = plan.Markets.Select(m => m.Name).Where(n => n != group.Key).ToList();
            output.WriteLine($"  {string.Join(", ", group.Select(g => g.Key))}: written by {group.Key}{(pid.TryGetValue(group.Key, out var writerPid) ? $" (pid {writerPid})" : "")}; standing by: {string.Join(", ", standby)}");
        }

        output.WriteLine($"  curl -s {market}/api/debug/comprehensive | jq '.websocket_diagnostics.feeds | map_values({{role, held_by}})'");
        output.WriteLine($"  curl -s {market}/api/debug/instances | jq        # every instance, lease and partition, as the cluster sees them");
        if (writers.Values.FirstOrDefault(w => w is not null) is { } writer && pid.TryGetValue(writer, out var killPid))
        {
            output.WriteLine($"Fail over: kill -9 {killPid}   ({writer}); within about 3 s another market service holds its feeds (watch the commands above), and the gateways call the survivors.");
        }

        output.WriteLine();
        output.WriteLine("Try the operators' guide (on any instance):");
        output.WriteLine($"  curl -X GET {gateway}/api/debug/python-health");
        output.WriteLine($"  curl -s {market}/api/debug/websocket | jq '.connection_status.is_running'");
        output.WriteLine($"  curl -s {market}/api/debug/market-data | jq '.data_freshness.freshness_rate'");
        output.WriteLine($"  curl -s {market}/api/debug/redis-cluster | jq '.cluster_health.cluster_state'");
        output.WriteLine($"  curl -s {market}/health/ready | jq '.failing_checks'");
        output.WriteLine($"  tickwatch diagnose --url {market}    tickwatch monitor --once --url {market}");
        if (demoToken is { } token)
        {
            output.WriteLine("Quotes as a client sees them, through either gateway (a token for demo user 1, valid 1 h; this run's signing key is random):");
            output.WriteLine($"  curl -s {gateway}/api/quotes/EURUSD -H 'Authorization: Bearer {token}'");
        }
        else
        {
            output.WriteLine("Quotes as a client sees them, through either gateway:");
            output.WriteLine($"  curl -s {gateway}/api/quotes/EURUSD -H \"Authorization: Bearer $(tickwatch token --user 1)\"");
        }

        output.WriteLine("Press Ctrl+C to stop every process (SIGTERM to this one does the same).");
    }

    private static string Show(Uri url) => url.ToString().TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
}
