using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Startup;

/// <summary>"✅ Memory usage: 45.2% (machine: …)": memory in use where the service runs; not critical, it fails only above <c>Startup:MaxMemoryUsagePercent</c>.</summary>
public sealed class MemoryUsageCheck(IOptions<StartupOptions> options) : IPrerequisiteCheck
{
    public string Name => "Memory usage";

    public bool IsCritical => false;

    public Task<PrerequisiteResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (MemoryReading.Read() is not { } reading)
        {
            return Task.FromResult(PrerequisiteResult.Failed("memory use cannot be read on this system"));
        }

        var limit = options.Value.MaxMemoryUsagePercent;
        var outcome = string.Create(CultureInfo.InvariantCulture, $"{reading.UsedPercent:F1}%");
        var passed = reading.UsedPercent < limit;
        var detail = passed
            ? reading.Describe()
            : string.Create(CultureInfo.InvariantCulture, $"{reading.Describe()}; at or above the limit of {limit:0.#}%");
        return Task.FromResult(new PrerequisiteResult(passed, outcome, detail));
    }
}
