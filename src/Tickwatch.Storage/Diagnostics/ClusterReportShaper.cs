namespace Tickwatch.Storage.Diagnostics;

/// <summary>Shapes what the nodes answered into the report's sections: the cluster's health, and one line per node with its role, replication lag and what is wrong with it.</summary>
/// <remarks>Pure: the same probe results give the same sections, so the rules are tested without Redis.</remarks>
internal static class ClusterReportShaper
{
    /// <summary>The node whose view of the cluster the report takes: the first reachable master that answered CLUSTER INFO, else any node that did.</summary>
    public static NodeProbe? ChooseView(NodeProbe[] probes) =>
        probes
            .Where(p => p.ClusterInfo is not null && p.Self is { IsMaster: true } && !p.Self.Flags.Contains("fail"))
            .OrderBy(p => p.Address, StringComparer.Ordinal)
            .FirstOrDefault()
        ?? probes.Where(p => p.ClusterInfo is not null).OrderBy(p => p.Address, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The one-line summary at the top of the report.</summary>
    public static string Summary(ClusterHealthSection health, List<ClusterNodeReport> nodes) =>
        $"Redis Cluster: cluster_state {health.ClusterState}; {nodes.Count} nodes, {nodes.Count(n => !n.Reachable)} unreachable from this client.";

    public static ClusterHealthSection Health(NodeProbe? view, NodeProbe[] probes, double? pingMs, string? pingError)
    {
        var info = view?.ClusterInfo;
        string? error = null;
        if (info is null)
        {
            error = probes.Any(p => p.Reachable)
                ? "no node answered CLUSTER INFO: " + probes.Select(p => p.Error).FirstOrDefault(e => e is not null)
                : "no node answered: " + (pingError ?? probes.Select(p => p.Error).FirstOrDefault(e => e is not null) ?? "no node is known");
        }

        return new ClusterHealthSection
        {
            ClusterState = info is not null && info.TryGetValue("cluster_state", out var state) ? state : probes.Any(p => p.Reachable) ? "unknown" : "unreachable",
            PingSuccess = pingMs is not null,
            PingTimeMs = pingMs,
            SlotsAssigned = info is null ? null : ClusterText.Int(info, "cluster_slots_assigned"),
            SlotsOk = info is null ? null : ClusterText.Int(info, "cluster_slots_ok"),
            SlotsPfail = info is null ? null : ClusterText.Int(info, "cluster_slots_pfail"),
            SlotsFail = info is null ? null : ClusterText.Int(info, "cluster_slots_fail"),
            KnownNodes = info is null ? null : ClusterText.Int(info, "cluster_known_nodes"),
            Size = info is null ? null : ClusterText.Int(info, "cluster_size"),
            CurrentEpoch = info is null ? null : ClusterText.Long(info, "cluster_current_epoch"),
            AnsweredBy = view?.Address,
            Error = error,
        };
    }

    /// <summary>Every node the view lists, then every node the client knows that the view does not, ordered by host and port.</summary>
    public static List<ClusterNodeReport> Nodes(NodeProbe? view, NodeProbe[] probes)
    {
        var byAddress = probes.GroupBy(p => p.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var lines = view?.ClusterNodes ?? [];
        var linesById = lines.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var reports = new List<ClusterNodeReport>();
        foreach (var line in lines)
        {
            byAddress.TryGetValue(line.Address, out var probe);
            NodeProbe? masterProbe = null;
            if (line.MasterId is { } masterId && linesById.TryGetValue(masterId, out var masterLine))
            {
                byAddress.TryGetValue(masterLine.Address, out masterProbe);
            }

            reports.Add(Node(line, probe, masterProbe));
        }

        // Nodes the client knows that the cluster's view does not list (or no view at all).
        foreach (var probe in probes.Where(p => lines.All(l => l.Address != p.Address)))
        {
            reports.Add(Node(probe.Self, probe, null));
        }

        return [.. reports.OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Port)];
    }

    private static ClusterNodeReport Node(ClusterNodeLine? line, NodeProbe? probe, NodeProbe? masterProbe)
    {
        var info = probe?.Info;
        var role = line?.IsMaster == true ? "master" : line?.IsReplica == true ? "replica"
            : info is not null && info.TryGetValue("role", out var r) ? (r == "slave" ? "replica" : r) : "unknown";
        long? offset = info is null ? null : role == "replica" ? ClusterText.Long(info, "slave_repl_offset") : ClusterText.Long(info, "master_repl_offset");
        long? lagBytes = null;
        int? lagSeconds = null;
        if (role == "replica" && masterProbe?.Info is { } masterInfo && line is not null)
        {
            var masterOffset = ClusterText.Long(masterInfo, "master_repl_offset");
            lagBytes = masterOffset is { } m && offset is { } o ? Math.Max(0, m - o) : null;
            if (ClusterText.ParseReplicas(masterInfo).TryGetValue(line.Address, out var seen))
            {
                lagSeconds = seen.Lag;
            }
        }

        string? error = probe is null ? "not connected by this client (the cluster lists it; the client has no connection to it)" : probe.Error;
        if (error is null && line is not null && (line.Flags.Contains("fail") || line.Flags.Contains("fail?")))
        {
            error = "the cluster flags it " + string.Join(',', line.Flags.Where(f => f.StartsWith("fail", StringComparison.Ordinal)));
        }

        return new ClusterNodeReport
        {
            Id = line?.Id,
            Host = line?.Host ?? probe!.Host,
            Port = line?.Port ?? probe!.Port,
            Role = role,
            MasterId = line?.MasterId,
            Flags = line?.Flags.Where(f => f != "myself").ToArray() ?? [],
            LinkState = line?.LinkState,
            Slots = line?.Slots ?? SlotAssignment.None,
            Reachable = probe?.Reachable ?? false,
            PingMs = probe?.PingMs,
            UsedMemory = info is null ? null : ClusterText.Long(info, "used_memory"),
            UsedMemoryHuman = info is not null && info.TryGetValue("used_memory_human", out var human) ? human : null,
            ConnectedClients = info is null ? null : ClusterText.Int(info, "connected_clients"),
            MasterLinkStatus = role == "replica" && info is not null && info.TryGetValue("master_link_status", out var link) ? link : null,
            MasterLastIoSecondsAgo = role == "replica" && info is not null ? ClusterText.Int(info, "master_last_io_seconds_ago") : null,
            ReplicationOffset = offset,
            ReplicationLagBytes = lagBytes,
            ReplicationLagSeconds = lagSeconds,
            LastError = error,
        };
    }
}
