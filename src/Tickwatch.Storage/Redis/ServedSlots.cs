using System.Runtime.CompilerServices;
using StackExchange.Redis;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Storage.Redis;

/// <summary>The slots a node serves as a master by its own last <c>CLUSTER NODES</c> (the client's copy), built once per copy.</summary>
/// <remarks>
/// <c>GetServer(key, DemandMaster)</c> answers any master when the slot's node is not a connected master (killed, or
/// demoted), and the price store would group that key with another node's keys. The node's own view tells: it names
/// itself (<c>myself</c>), so no endpoint is compared (the view's may be a <see cref="System.Net.DnsEndPoint"/> where the
/// client's is an <see cref="System.Net.IPEndPoint"/>). Looked up once per node per write, then a bit test per price.
/// </remarks>
internal sealed class ServedSlots
{
    private static readonly ConditionalWeakTable<ClusterConfiguration, ServedSlots> Built = new();

    private readonly ulong[] _bits = new ulong[PartitionMap.Slots / 64];

    private ServedSlots()
    {
    }

    /// <summary>The slots of the node whose view <paramref name="configuration"/> is; null when the client has no view of it yet.</summary>
    public static ServedSlots? Of(ClusterConfiguration? configuration) => configuration is null ? null : Built.GetValue(configuration, Build);

    public bool Serves(int slot) => (_bits[slot >> 6] & (1UL << (slot & 63))) != 0;

    private static ServedSlots Build(ClusterConfiguration configuration)
    {
        var served = new ServedSlots();
        foreach (var node in configuration.Nodes)
        {
            if (!node.IsMyself || node.IsReplica)
            {
                continue;
            }

            foreach (var range in node.Slots)
            {
                for (var slot = range.From; slot <= range.To; slot++)
                {
                    served._bits[slot >> 6] |= 1UL << (slot & 63);
                }
            }
        }

        return served;
    }
}
