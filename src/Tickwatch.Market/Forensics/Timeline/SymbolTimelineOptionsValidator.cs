using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>Checks the symbol timeline's bounds, reporting every problem at once.</summary>
public sealed class SymbolTimelineOptionsValidator : IValidateOptions<SymbolTimelineOptions>
{
    private const int MinPerSymbol = 64;
    private const int MaxPerSymbol = 1_048_576;
    private const int MaxSymbols = 10_000;
    private const long MaxBudgetBytes = 1L << 30;
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, SymbolTimelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string Section = SymbolTimelineOptions.SectionName;
        if (options.TimelineWindow < MinWindow || options.TimelineWindow > MaxWindow)
        {
            errors.Add($"{Section}:TimelineWindow must be between {MinWindow} and {MaxWindow} (was {options.TimelineWindow}).");
        }

        if (options.TimelinePerSymbol is < MinPerSymbol or > MaxPerSymbol)
        {
            errors.Add($"{Section}:TimelinePerSymbol must be between {MinPerSymbol} and {MaxPerSymbol} entries (was {options.TimelinePerSymbol}).");
        }

        if (options.TimelineSymbols is < 1 or > MaxSymbols)
        {
            errors.Add($"{Section}:TimelineSymbols must be between 1 and {MaxSymbols} (was {options.TimelineSymbols}).");
        }

        // Only when both are in range: the product of two wrong numbers says nothing more.
        if (errors.Count == 0 && options.BudgetBytes > MaxBudgetBytes)
        {
            errors.Add(
                $"{Section}:TimelinePerSymbol × TimelineSymbols × {SymbolTimeline.BytesPerEntry} bytes must stay within {MaxBudgetBytes / (1 << 20)} MiB " +
                $"(was {options.BudgetBytes / (1 << 20)} MiB).");
        }

        return OptionsValidation.Result(errors);
    }
}
