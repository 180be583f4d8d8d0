using System.Text.Json;
using Tickwatch.Hosting;
using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>A section's JSON is one flat object: status and elapsed time beside the figures, so jq paths stay short.</summary>
public sealed class SectionJsonUnitTests
{
    private static readonly JsonSerializerOptions Options = Create();

    [Fact]
    public void An_answered_section_has_its_figures_beside_its_status()
    {
        var section = new Section<CpuUsage> { Status = SectionStatus.Ok, ElapsedMs = 0.25, Value = new CpuUsage(12.5, 10, 300) };

        var json = JsonSerializer.SerializeToNode(section, Options)!.AsObject();

        Assert.Equal(["status", "elapsed_ms", "process_percent", "window_seconds", "total_processor_seconds"], json.Select(p => p.Key));
        Assert.Equal("ok", json["status"]!.GetValue<string>());
        Assert.Equal(12.5, json["process_percent"]!.GetValue<double>());
    }

    [Fact]
    public void A_timed_out_section_says_so_and_why()
    {
        var section = new Section<CpuUsage> { Status = SectionStatus.TimedOut, ElapsedMs = 2000.4, Error = "no answer within 2000 ms" };

        var json = JsonSerializer.SerializeToNode(section, Options)!.AsObject();

        Assert.Equal(["status", "elapsed_ms", "error"], json.Select(p => p.Key));
        Assert.Equal("timed_out", json["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(SectionStatus.Ok)]
    [InlineData(SectionStatus.Failed)]
    public void A_section_reads_back_as_it_was_written(SectionStatus status)
    {
        var section = status == SectionStatus.Ok
            ? new Section<CpuUsage> { Status = status, ElapsedMs = 1.5, Value = new CpuUsage(3, 4, 5) }
            : new Section<CpuUsage> { Status = status, ElapsedMs = 1.5, Error = "boom" };

        var back = JsonSerializer.Deserialize<Section<CpuUsage>>(JsonSerializer.Serialize(section, Options), Options);

        Assert.Equal(section, back);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        JsonDefaults.Apply(options);
        return options;
    }
}
