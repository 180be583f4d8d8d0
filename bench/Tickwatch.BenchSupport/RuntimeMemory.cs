using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>The collector's figures in a role's Prometheus text (<c>GET /metrics</c>, the .NET runtime's own meter).</summary>
public static class RuntimeMemory
{
    /// <summary>Memory the collector has committed, as of its last collection.</summary>
    public const string Committed = "dotnet_gc_last_collection_memory_committed_size_bytes";

    /// <summary>Live heap after the last collection, one series per generation (gen0–gen2, LOH, POH); summed.</summary>
    public const string HeapSize = "dotnet_gc_last_collection_heap_size_bytes";

    /// <summary>Methods the JIT has compiled since the start (every tier), whose code stays in the process.</summary>
    public const string JitMethods = "dotnet_jit_compiled_methods_total";

    /// <summary>The committed memory, the heap size and the JIT-compiled methods in <paramref name="text"/>, each null when the scrape lacks it.</summary>
    public static (long? Committed, long? Heap, long? JitMethods) Parse(string text)
    {
        long? committed = null;
        long? heap = null;
        long? jit = null;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("#"))
            {
                continue;
            }

            if (Value(line, Committed) is { } c)
            {
                committed = c;
            }
            else if (Value(line, HeapSize) is { } h)
            {
                heap = (heap ?? 0) + h;
            }
            else if (Value(line, JitMethods) is { } j)
            {
                jit = j;
            }
        }

        return (committed, heap, jit);
    }

    // "name{labels} value" or "name value"; the name must end where the labels or the value begin.
    private static long? Value(ReadOnlySpan<char> line, string name)
    {
        if (!line.StartsWith(name) || line.Length == name.Length || (line[name.Length] != '{' && line[name.Length] != ' '))
        {
            return null;
        }

        var space = line.LastIndexOf(' ');
        return double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (long)value : null;
    }
}
