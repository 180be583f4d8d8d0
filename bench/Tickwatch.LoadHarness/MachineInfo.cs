using System.Runtime.InteropServices;

namespace Tickwatch.LoadHarness;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string OperatingSystem, string Runtime, string GarbageCollector)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation" + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? " (non-concurrent)" : " (concurrent)"));

    public override string ToString() => $"{Cpu}, {Cores} cores, {OperatingSystem}, {Runtime}, {GarbageCollector} GC";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
