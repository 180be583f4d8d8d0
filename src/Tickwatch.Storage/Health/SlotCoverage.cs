using System.Globalization;
using System.Text;
using Tickwatch.Storage.Diagnostics;

namespace Tickwatch.Storage.Health;

/// <summary>Which of the 16384 hash slots a reachable master serves, read from one node's <c>CLUSTER NODES</c> and the client's own connections.</summary>
/// <remarks>
/// A slot is served when a node flagged <c>master</c>, and neither <c>fail</c>, <c>fail?</c>, <c>handshake</c> nor
/// <c>noaddr</c>, claims it, its link from the node asked is <c>connected</c>, and the client is not disconnected from it.
/// <c>CLUSTER INFO</c>'s counts say how many slots fail, not which ones; these lines say which, and whose they were.
/// </remarks>
internal sealed class SlotCoverage
{
    public const int SlotCount = 16384;

    private static readonly string[] Unusable = ["fail", "fail?", "handshake", "noaddr"];

    private SlotCoverage(int covered, IReadOnlyList<string> uncovered, string? problem, IReadOnlyList<ClusterNodeLine> servingMasters)
    {
        Covered = covered;
        Uncovered = uncovered;
        Problem = problem;
        ServingMasters = servingMasters;
    }

    /// <summary>Slots a reachable master serves.</summary>
    public int Covered { get; }

    /// <summary>The slot ranges without a reachable master, as Redis writes them (<c>0-5460</c>); empty when every slot is served.</summary>
    public IReadOnlyList<string> Uncovered { get; }

    /// <summary>What an operator reads when slots are not served ("slots 0-5460 have no reachable master (127.0.0.1:7201 is master,fail)"); null when all are.</summary>
    public string? Problem { get; }

    /// <summary>The reachable masters that serve slots, in the order of their first slot.</summary>
    public IReadOnlyList<ClusterNodeLine> ServingMasters { get; }

    /// <summary>Reads <paramref name="clusterNodes"/>; <paramref name="clientReaches"/> says whether the client is connected to a host:port (true when it does not know the node).</summary>
    public static SlotCoverage Read(string clusterNodes, Func<string, bool>? clientReaches = null)
    {
        ArgumentNullException.ThrowIfNull(clusterNodes);
        var nodes = ClusterText.ParseNodes(clusterNodes);
        var owner = new int[SlotCount];
        Array.Fill(owner, -1);
        var served = new bool[SlotCount];
        var serving = new List<(int First, ClusterNodeLine Node)>();
        for (var n = 0; n < nodes.Count; n++)
        {
            var node = nodes[n];
            if (!node.IsMaster)
            {
                continue;
            }

            var usable = !node.Flags.Any(Unusable.Contains) && node.LinkState == "connected" && (clientReaches?.Invoke(node.Address) ?? true);
            var first = int.MaxValue;
            foreach (var (from, to) in Ranges(node.Slots))
            {
                first = Math.Min(first, from);
                for (var slot = from; slot <= to; slot++)
                {
                    owner[slot] = n;
                    served[slot] = usable;
                }
            }

            if (usable && first != int.MaxValue)
            {
                serving.Add((first, node));
            }
        }

        var uncovered = new List<string>();
        var problem = new StringBuilder();
        var covered = 0;
        for (var slot = 0; slot < SlotCount;)
        {
            if (served[slot])
            {
                covered++;
                slot++;
                continue;
            }

            // A run of unserved slots that were the same node's (or nobody's).
            var start = slot;
            while (slot < SlotCount && !served[slot] && owner[slot] == owner[start])
            {
                slot++;
            }

            var range = start == slot - 1
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}-{slot - 1}");
            uncovered.Add(range);
            problem.Append(problem.Length == 0 ? "" : "; ")
                .Append(start == slot - 1 ? "slot " : "slots ").Append(range)
                .Append(start == slot - 1 ? " has" : " have").Append(" no reachable master (")
                .Append(owner[start] < 0 ? "assigned to no node" : Why(nodes[owner[start]], clientReaches)).Append(')');
        }

        return new SlotCoverage(
            covered,
            uncovered,
            problem.Length == 0 ? null : problem.ToString(),
            [.. serving.OrderBy(s => s.First).Select(s => s.Node)]);
    }

    /// <summary>The (first, last) slot ranges of an assignment.</summary>
    public static IEnumerable<(int From, int To)> Ranges(SlotAssignment slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        foreach (var range in slots.Ranges)
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var from = int.Parse(dash < 0 ? range : range[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            var to = dash < 0 ? from : int.Parse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            if (from >= 0 && to < SlotCount && from <= to)
            {
                yield return (from, to);
            }
        }
    }

    private static string Why(ClusterNodeLine node, Func<string, bool>? clientReaches)
    {
        var flags = string.Join(',', node.Flags);
        if (node.Flags.Any(Unusable.Contains) || node.LinkState != "connected")
        {
            return $"{node.Address} is {flags}, link {node.LinkState}";
        }

        return clientReaches?.Invoke(node.Address) == false
            ? $"{node.Address} is {flags} but this client is not connected to it"
            : $"{node.Address} is {flags}";
    }
}
