using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// <c>--placement</c>: with <see cref="PlacementMode.Split"/> the gateway runs alone on the last CPU this harness may use
/// and every other process (hub, market, Redis nodes, this harness and its clients) on the rest; with
/// <see cref="PlacementMode.None"/> nothing is pinned. Either way it reads back where each process may run.
/// </summary>
internal sealed class CpuPlacement
{
    private CpuPlacement(PlacementMode mode, string gatewayCpus, string otherCpus)
    {
        Mode = mode;
        GatewayCpus = gatewayCpus;
        OtherCpus = otherCpus;
    }

    public PlacementMode Mode { get; }

    public string GatewayCpus { get; }

    public string OtherCpus { get; }

    /// <summary>The plan for <paramref name="mode"/>; split needs taskset and at least two CPUs, and says so clearly when either is missing.</summary>
    public static CpuPlacement Create(PlacementMode mode)
    {
        var allowed = CpuAffinity.AllowedList(Environment.ProcessId) ?? string.Join(',', Enumerable.Range(0, Environment.ProcessorCount));
        if (mode == PlacementMode.None)
        {
            return new CpuPlacement(mode, allowed, allowed);
        }

        if (CpuAffinity.Taskset() is null)
        {
            throw new ArgumentException("--placement split needs taskset (util-linux), which is not on the PATH; install util-linux or use --placement none.");
        }

        var cpus = CpuAffinity.Parse(allowed);
        if (cpus.Count < 2)
        {
            throw new ArgumentException($"--placement split needs at least two CPUs; this harness may use only {allowed}.");
        }

        return new CpuPlacement(mode, cpus[^1].ToString(CultureInfo.InvariantCulture), string.Join(',', cpus.Take(cpus.Count - 1)));
    }

    /// <summary>What the reports say about it.</summary>
    public string Describe() => Mode == PlacementMode.None
        ? "none (the scheduler's choice)"
        : $"split: gateway on CPU {GatewayCpus} (DOTNET_PROCESSOR_COUNT={CpuAffinity.Parse(GatewayCpus).Count}), everything else on CPUs {OtherCpus}";

    /// <summary>
    /// The gateway's environment: with split, <c>DOTNET_PROCESSOR_COUNT</c> is the number of its CPUs (unless given), so
    /// the runtime sizes its thread pool, and the stream its load factor, for the CPUs it is pinned to after it starts,
    /// as it would in a container of that size; the runtime reads the count once, at start.
    /// </summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment(IReadOnlyDictionary<string, string> given)
    {
        if (Mode == PlacementMode.None || given.ContainsKey("DOTNET_PROCESSOR_COUNT"))
        {
            return given;
        }

        return new Dictionary<string, string>(given, StringComparer.Ordinal)
        {
            ["DOTNET_PROCESSOR_COUNT"] = CpuAffinity.Parse(GatewayCpus).Count.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Pins the gateway process (no-op without split).</summary>
    public Task PinGatewayAsync(int pid) => Mode == PlacementMode.Split ? CpuAffinity.PinAsync(pid, GatewayCpus) : Task.CompletedTask;

    /// <summary>Pins a process other than the gateway (no-op without split).</summary>
    public Task PinOtherAsync(int pid) => Mode == PlacementMode.Split ? CpuAffinity.PinAsync(pid, OtherCpus) : Task.CompletedTask;
}
