using System.Globalization;
using Tickwatch.Core.Symbols;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The symbols of a <c>--source cluster</c> run: the standard ones first (all 58, or the first <c>--symbols</c> of them),
/// then the hub's synthetic <c>SYN0001</c>…; and the configuration the hub, market and gateway need to serve and accept them.
/// </summary>
internal sealed class WorkloadSymbols
{
    private readonly int _standard;
    private readonly int _synthetic;

    public WorkloadSymbols(int count)
    {
        // The registry's order, as the harness has always taken them, so the pacing profile subscribes as before.
        var standard = SymbolCatalog.Create(new PricesOptions()).All.Select(s => s.Symbol).ToArray();
        _standard = Math.Min(count, standard.Length);
        _synthetic = count - _standard;
        All = [.. standard.Take(_standard), .. SyntheticInstruments.Create(_synthetic).Select(i => i.Symbol)];
    }

    public string[] All { get; }

    /// <summary>Whether these are exactly the standard symbols every service knows without being told.</summary>
    private bool Standard => _synthetic == 0 && _standard == StandardInstruments.All.Count;

    /// <summary><c>QuoteHub:</c> settings beyond the standard ones: a subset, or the synthetic symbols.</summary>
    public Dictionary<string, string> HubSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_synthetic > 0)
        {
            settings["QuoteHub:SyntheticSymbols"] = _synthetic.ToString(CultureInfo.InvariantCulture);
        }
        else if (!Standard)
        {
            AddList(settings, "QuoteHub:Symbols");
        }

        return settings;
    }

    /// <summary><c>Prices:Symbols</c> listing every symbol, for the market and the gateway (none when they are the standard ones).</summary>
    public Dictionary<string, string> ServiceSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Standard)
        {
            AddList(settings, "Prices:Symbols");
        }

        return settings;
    }

    private void AddList(Dictionary<string, string> settings, string section)
    {
        for (var i = 0; i < All.Length; i++)
        {
            settings[string.Create(CultureInfo.InvariantCulture, $"{section}:{i}")] = All[i];
        }
    }
}
