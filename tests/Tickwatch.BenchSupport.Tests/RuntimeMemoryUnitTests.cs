namespace Tickwatch.BenchSupport.Tests;

public sealed class RuntimeMemoryUnitTests
{
    [Fact]
    public void A_scrape_gives_the_committed_memory_and_the_heap_summed_over_generations()
    {
        // As a role's /metrics writes them (the .NET runtime's meter through the Prometheus exporter), with neighbours
        // whose names start the same way.
        const string scrape = """
            # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
            dotnet_gc_last_collection_heap_fragmentation_size_bytes{gc_heap_generation="gen0"} 480136
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1000
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen1"} 200
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 3952504
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="loh"} 5145384
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="poh"} 95616
            dotnet_gc_last_collection_memory_committed_size_bytes{} 3.4451456E7
            dotnet_gc_last_collection_memory_committed_size_bytes_extra 5
            dotnet_jit_compiled_methods_total{} 29706
            """;

        var (committed, heap, jit) = RuntimeMemory.Parse(scrape);

        Assert.Equal(34_451_456, committed);
        Assert.Equal(1000 + 200 + 3_952_504 + 5_145_384 + 95_616, heap);
        Assert.Equal(29_706, jit);
    }

    [Fact]
    public void A_scrape_without_the_runtime_meter_gives_neither()
    {
        var (committed, heap, jit) = RuntimeMemory.Parse("tickwatch_feed_messages_total{feed=\"a\"} 12\n");

        Assert.Null(committed);
        Assert.Null(heap);
        Assert.Null(jit);
    }
}
